package io.shoplake.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shoplake.events.lake.LakeLine;
import tools.jackson.databind.JsonNode;

/**
 * The declared schema of a lake line, derived from the JSON Schemas of the contract: the
 * union of every field of every version of every event type (a field two types or
 * versions share has one type in all, checked here), in the order the types and their
 * newest schemas name them, then the fields only older versions had, followed by the four
 * fields ingest appends ({@code _message_id}, {@code _publish_time},
 * {@code _delivery_attempt}, {@code _ingested_at}). A warehouse loads the lake with these
 * columns and types, never inferring them; a field another type (or version) does not
 * have is null in that type's rows, so a lake holding several versions of a type loads as
 * one table.
 */
public final class LakeSchema {

	/** The columns ingest appends to each event ({@link LakeLine} writes them). */
	public static final List<Column> INGESTION_COLUMNS = List.of(
			new Column(LakeLine.MESSAGE_ID, Scalar.STRING, "Pub/Sub message id the line came in."),
			new Column(LakeLine.PUBLISH_TIME, Scalar.TIMESTAMP,
					"When the message was published (Pub/Sub publish time)."),
			new Column(LakeLine.DELIVERY_ATTEMPT, Scalar.INT64,
					"Pub/Sub delivery attempt (1 on first delivery); null when the subscription has no "
							+ "dead-letter policy or the line did not come through Pub/Sub."),
			new Column(LakeLine.INGESTED_AT, Scalar.TIMESTAMP, "When ingest wrote the line."));

	private static final LakeSchema CURRENT = new LakeSchema(ContractResources.json("schemas/v1/common.json"));

	private static final String COMMON_ID = "https://shoplake.io/schemas/v1/common.json";

	private final List<Column> columns;

	private LakeSchema(JsonNode common) {
		Map<String, Column> union = new LinkedHashMap<>();
		List<JsonNode> schemas = new ArrayList<>();
		for (EventType type : EventType.values()) {
			schemas.add(ContractResources.json(type.schemaResource()));
		}
		for (EventType type : EventType.values()) {
			for (int version = type.version() - 1; version >= 1; version--) {
				schemas.add(ContractResources.json(type.schemaResource(version)));
			}
		}
		for (JsonNode schema : schemas) {
			String wireName = schema.at("/properties/event_type/const").asString();
			for (Map.Entry<String, JsonNode> field : schema.get("properties").properties()) {
				Column column = new Column(field.getKey(), typeOf(field.getValue(), common),
						field.getValue().path("description").asString(""));
				Column known = union.putIfAbsent(column.name(), column);
				if (known != null && !covers(known.type(), column.type())) {
					throw new IllegalStateException("field " + column.name() + " is " + known.type() + " in one event "
							+ "type and " + column.type() + " in " + wireName);
				}
			}
		}
		List<Column> all = new ArrayList<>(union.values());
		all.addAll(INGESTION_COLUMNS);
		this.columns = List.copyOf(all);
	}

	/** The lake line of the contract: every version of every type. */
	public static LakeSchema current() {
		return CURRENT;
	}

	/** Every column of a lake line, event fields first. */
	public List<Column> columns() {
		return this.columns;
	}

	/**
	 * Whether values of type {@code older} load into a column of type {@code newer}: the
	 * same type, or structs whose fields the newer one has (a version added fields).
	 */
	private static boolean covers(FieldType newer, FieldType older) {
		if (newer instanceof Array newArray && older instanceof Array oldArray) {
			return covers(newArray.element(), oldArray.element());
		}
		if (newer instanceof Struct newStruct && older instanceof Struct oldStruct) {
			Map<String, FieldType> fields = new LinkedHashMap<>();
			newStruct.fields().forEach((field) -> fields.put(field.name(), field.type()));
			return oldStruct.fields()
				.stream()
				.allMatch(
						(field) -> fields.containsKey(field.name()) && covers(fields.get(field.name()), field.type()));
		}
		return newer.equals(older);
	}

	private static FieldType typeOf(JsonNode spec, JsonNode common) {
		if (spec.has("$ref")) {
			String ref = spec.get("$ref").asString();
			if (!ref.startsWith("common.json#") && !ref.startsWith(COMMON_ID + "#")) {
				throw new IllegalStateException("a lake field may only refer to common.json, not " + ref);
			}
			return typeOf(common.at(ref.substring(ref.indexOf('#') + 1)), common);
		}
		if (spec.has("anyOf")) {
			FieldType found = null;
			for (JsonNode option : spec.get("anyOf")) {
				if (!"null".equals(option.path("type").asString(""))) {
					FieldType type = typeOf(option, common);
					if (found != null && !found.equals(type)) {
						throw new IllegalStateException("a field that is " + found + " or " + type);
					}
					found = type;
				}
			}
			return found;
		}
		if (spec.has("const")) {
			return spec.get("const").isIntegralNumber() ? Scalar.INT64 : Scalar.STRING;
		}
		JsonNode type = spec.get("type");
		String name = null;
		if (type != null && type.isArray()) {
			for (JsonNode option : type) {
				if (!"null".equals(option.asString())) {
					name = option.asString();
				}
			}
		}
		else if (type != null) {
			name = type.asString();
		}
		if (name == null) {
			throw new IllegalStateException("no type in " + spec);
		}
		return switch (name) {
			case "string" -> switch (spec.path("format").asString("")) {
				case "date-time" -> Scalar.TIMESTAMP;
				case "date" -> Scalar.DATE;
				default -> Scalar.STRING;
			};
			case "integer" -> Scalar.INT64;
			case "boolean" -> Scalar.BOOL;
			case "object" -> {
				List<Column> fields = new ArrayList<>();
				for (Map.Entry<String, JsonNode> field : spec.get("properties").properties()) {
					fields.add(new Column(field.getKey(), typeOf(field.getValue(), common),
							field.getValue().path("description").asString("")));
				}
				yield new Struct(fields);
			}
			case "array" -> new Array(typeOf(spec.get("items"), common));
			default -> throw new IllegalStateException("type " + name + " has no lake column type");
		};
	}

	/** A column (or a field of a struct). */
	public record Column(String name, FieldType type, String description) {

	}

	/** The type of a column: a scalar, a struct of named fields or an array. */
	public sealed interface FieldType permits Scalar, Struct, Array {

	}

	/**
	 * Strings, 64-bit integers (money in minor units), booleans, calendar dates and UTC
	 * timestamps.
	 */
	public enum Scalar implements FieldType {

		STRING, INT64, BOOL, DATE, TIMESTAMP

	}

	/** A JSON object with declared fields. */
	public record Struct(List<Column> fields) implements FieldType {

	}

	/** A JSON array of one element type. */
	public record Array(FieldType element) implements FieldType {

	}

}
