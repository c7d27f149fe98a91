package io.shoplake.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shoplake.events.lake.LakeLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The declared schema of a lake line, derived from the JSON Schemas of contract v1: the
 * union of every event type's fields (a field two types share has one type in both,
 * checked here), in the order the types and their schemas name them, followed by the
 * three fields ingest appends ({@code _message_id}, {@code _publish_time},
 * {@code _ingested_at}). A warehouse loads the lake with these columns and types, never
 * inferring them; a field another type does not have is null in that type's rows.
 */
public final class LakeSchema {

	/** The columns ingest appends to each event ({@link LakeLine} writes them). */
	public static final List<Column> INGESTION_COLUMNS = List.of(
			new Column(LakeLine.MESSAGE_ID, Scalar.STRING, "Pub/Sub message id the line came in."),
			new Column(LakeLine.PUBLISH_TIME, Scalar.TIMESTAMP,
					"When the message was published (Pub/Sub publish time)."),
			new Column(LakeLine.INGESTED_AT, Scalar.TIMESTAMP, "When ingest wrote the line."));

	private static final LakeSchema V1 = new LakeSchema(read("schemas/v1/common.json"));

	private final List<Column> columns;

	private LakeSchema(JsonNode common) {
		Map<String, Column> union = new LinkedHashMap<>();
		for (EventType type : EventType.values()) {
			JsonNode schema = read(type.schemaResource());
			for (Map.Entry<String, JsonNode> field : schema.get("properties").properties()) {
				Column column = new Column(field.getKey(), typeOf(field.getValue(), common),
						field.getValue().path("description").asString(""));
				Column known = union.putIfAbsent(column.name(), column);
				if (known != null && !known.type().equals(column.type())) {
					throw new IllegalStateException("field " + column.name() + " is " + known.type() + " in one event "
							+ "type and " + column.type() + " in " + type.wireName());
				}
			}
		}
		List<Column> all = new ArrayList<>(union.values());
		all.addAll(INGESTION_COLUMNS);
		this.columns = List.copyOf(all);
	}

	/** The lake line of contract v1. */
	public static LakeSchema v1() {
		return V1;
	}

	/** Every column of a lake line, event fields first. */
	public List<Column> columns() {
		return this.columns;
	}

	private static FieldType typeOf(JsonNode spec, JsonNode common) {
		if (spec.has("$ref")) {
			String ref = spec.get("$ref").asString();
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
			case "string" -> "date-time".equals(spec.path("format").asString("")) ? Scalar.TIMESTAMP : Scalar.STRING;
			case "integer" -> Scalar.INT64;
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

	private static JsonNode read(String resource) {
		try (InputStream in = LakeSchema.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("no " + resource + " on the classpath");
			}
			return JsonMapper.shared().readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A column (or a field of a struct). */
	public record Column(String name, FieldType type, String description) {

	}

	/** The type of a column: a scalar, a struct of named fields or an array. */
	public sealed interface FieldType permits Scalar, Struct, Array {

	}

	/** Strings, 64-bit integers (money in minor units) and UTC timestamps. */
	public enum Scalar implements FieldType {

		STRING, INT64, TIMESTAMP

	}

	/** A JSON object with declared fields. */
	public record Struct(List<Column> fields) implements FieldType {

	}

	/** A JSON array of one element type. */
	public record Array(FieldType element) implements FieldType {

	}

}
