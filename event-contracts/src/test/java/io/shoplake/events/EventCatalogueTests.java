package io.shoplake.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/events.md} is generated from the JSON Schemas, so the catalogue cannot
 * drift from the contract. After changing a schema, regenerate it with
 * {@code ./mvnw -pl event-contracts test -Dtest=EventCatalogueTests -Dshoplake.catalogue.write=true}.
 */
class EventCatalogueTests {

	private static final Path CATALOGUE = Path.of("..", "docs", "events.md");

	private static final Map<String, String> DEF_TYPES = Map.of("uuid", "string (UUID)", "id", "string (id)",
			"timestamp", "string (RFC 3339 UTC, ms)", "cents", "integer (minor units)", "count", "integer", "currency",
			"string (ISO 4217)", "device", "object (device)", "geo", "object (geo)");

	private static final String COMMON_REF = "https://shoplake.io/schemas/v1/common.json#/$defs/";

	private final EventCodec codec = new EventCodec();

	@Test
	void catalogueMatchesTheSchemas() throws IOException {
		String expected = render();
		if (Boolean.getBoolean("shoplake.catalogue.write")) {
			Files.writeString(CATALOGUE, expected, StandardCharsets.UTF_8);
		}
		assertThat(Files.readString(CATALOGUE, StandardCharsets.UTF_8))
			.as("docs/events.md is stale: regenerate it with ./mvnw -pl event-contracts test "
					+ "-Dtest=EventCatalogueTests -Dshoplake.catalogue.write=true")
			.isEqualTo(expected);
	}

	@Test
	void catalogueNamesEveryTypeAndEveryField() throws IOException {
		String catalogue = render();
		for (EventType type : EventType.values()) {
			assertThat(catalogue).contains("## `" + type.wireName() + "`");
			schema(type.schemaResource()).get("properties")
				.propertyNames()
				.forEach((field) -> assertThat(catalogue).contains("| `" + field + "` |"));
		}
	}

	private String render() throws IOException {
		JsonNode common = schema("schemas/v1/common.json");
		StringBuilder md = new StringBuilder();
		md.append("# Event catalogue\n\n")
			.append("<!-- Generated from event-contracts/src/main/resources/schemas by EventCatalogueTests; "
					+ "do not edit by hand. -->\n\n")
			.append("Each event type has its own version, its `schema_version`; the schema of version n is ")
			.append("`schemas/v<n>/<event_type>.json`. A new version only adds fields (or values), and says what ")
			.append("an older event means in its terms; ingest accepts every version of a type and producers ")
			.append("write the newest. A lake can hold several versions of a type: a field an event's version ")
			.append("does not have is null in its row.\n\n")
			.append("One JSON object per message, UTF-8, snake_case names. Times are RFC 3339 UTC with milliseconds; ")
			.append("money is integer minor units (`*_cents`, `cost_micros`) with a `currency`. Every field is ")
			.append("required; a nullable field is present with `null`. Unknown fields are rejected.\n\n")
			.append("Rules one event can show are checked by ingest (`EventValidator`): order totals add up ")
			.append("(`subtotal = sum(quantity x unit_price - line discount)`, ")
			.append("`total = subtotal - discount + shipping`, `+ tax` when prices do not include it), ")
			.append("quantities and amounts are positive, ")
			.append("`occurred_at` (and a report's `report_date`) lies in the contract's time window (`TimeWindow`): ")
			.append("not before " + TimeWindow.EARLIEST + " and at most " + TimeWindow.DEFAULT_MAX_AHEAD.toHours()
					+ " h after the receiver's clock. ")
			.append("Ingest holds the envelope to the same window: a Pub/Sub `publishTime` outside it, or a ")
			.append("missing or empty `messageId`, is quarantined at stage `envelope`, so every acknowledged line ")
			.append("loads in DuckDB and BigQuery alike. Rules across events ")
			.append("(foreign keys, refunds within what was paid, ordering within a session) are the warehouse's tests.\n\n")
			.append("Shop-side events carry a back-office session: `sys_pricing` (`product_price_changed`), ")
			.append("`sys_ads` (`ad_impressions_reported`).\n\n");
		md.append("| event_type | version | what it records |\n|---|---|---|\n");
		for (EventType type : EventType.values()) {
			md.append("| [`")
				.append(type.wireName())
				.append("`](#")
				.append(type.wireName())
				.append(") | ")
				.append(type.version())
				.append(" | ")
				.append(schema(type.schemaResource()).get("description").stringValue())
				.append(" |\n");
		}
		md.append("\n## Shared shapes\n\n");
		for (String def : List.of("device", "geo")) {
			JsonNode shape = common.at("/$defs/" + def);
			md.append("### `")
				.append(def)
				.append("`\n\n")
				.append(shape.get("description").stringValue())
				.append("\n\n");
			fields(md, shape, common);
		}
		md.append("| shape | meaning |\n|---|---|\n");
		for (String def : List.of("uuid", "id", "timestamp", "cents", "count", "currency")) {
			md.append("| ")
				.append(DEF_TYPES.get(def))
				.append(" | ")
				.append(common.at("/$defs/" + def + "/description").stringValue())
				.append(" |\n");
		}
		for (EventType type : EventType.values()) {
			JsonNode schema = schema(type.schemaResource());
			md.append("\n## `")
				.append(type.wireName())
				.append("`\n\n")
				.append(schema.get("description").stringValue())
				.append("\n\n");
			if (type.version() > 1) {
				md.append("Current version: ").append(type.version()).append(". ");
				history(md, type);
				md.append("\n\n");
			}
			fields(md, schema, common);
			md.append("Example:\n\n```json\n")
				.append(this.codec.mapper()
					.writer()
					.with(SerializationFeature.INDENT_OUTPUT)
					.writeValueAsString(schema.get("examples").get(0)))
				.append("\n```\n");
		}
		return md.toString();
	}

	private void fields(StringBuilder md, JsonNode schema, JsonNode common) {
		md.append("| field | type | description |\n|---|---|---|\n");
		for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
			md.append("| `")
				.append(property.getKey())
				.append("` | ")
				.append(type(property.getValue()))
				.append(" | ")
				.append(property.getValue().path("description").asString(""))
				.append(" |\n");
		}
		md.append('\n');
		for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
			JsonNode items = property.getValue().path("items");
			if (items.has("properties")) {
				md.append("Each element of `").append(property.getKey()).append("`:\n\n");
				fields(md, items, common);
			}
		}
	}

	/**
	 * What each version added: the fields (and nested fields) it has and the one before
	 * had not.
	 */
	private void history(StringBuilder md, EventType type) throws IOException {
		List<String> versions = new ArrayList<>();
		for (int version = 2; version <= type.version(); version++) {
			List<String> added = new ArrayList<>();
			added(schema(type.schemaResource(version - 1)), schema(type.schemaResource(version)), "", added);
			versions.add("Version " + version + " added " + String.join(", ", added) + ".");
		}
		md.append(String.join(" ", versions));
	}

	private static void added(JsonNode older, JsonNode newer, String prefix, List<String> added) {
		for (Map.Entry<String, JsonNode> property : newer.get("properties").properties()) {
			JsonNode before = older.get("properties").get(property.getKey());
			if (before == null) {
				added.add("`" + prefix + property.getKey() + "` (`" + property.getValue().get("default")
						+ "` in older events)");
			}
			else if (property.getValue().path("items").has("properties")) {
				added(before.get("items"), property.getValue().get("items"), prefix + property.getKey() + "[].", added);
			}
			else if (property.getValue().has("enum") && !property.getValue().get("enum").equals(before.get("enum"))) {
				List<String> values = new ArrayList<>();
				property.getValue().get("enum").forEach((value) -> {
					if (!before.path("enum").valueStream().anyMatch(value::equals)) {
						values.add("`" + value.stringValue() + "`");
					}
				});
				added.add("the " + String.join(", ", values) + " values of `" + prefix + property.getKey() + "`");
			}
		}
	}

	private String type(JsonNode spec) {
		if (spec.has("$ref")) {
			String ref = spec.get("$ref").stringValue();
			return DEF_TYPES.get(ref.replace(COMMON_REF, "").replace("common.json#/$defs/", ""));
		}
		if (spec.has("anyOf")) {
			return type(spec.get("anyOf").get(0)) + " or null";
		}
		if (spec.has("const")) {
			return "`" + spec.get("const") + "`";
		}
		if (spec.has("enum")) {
			List<String> values = new ArrayList<>();
			spec.get("enum").forEach((value) -> values.add("`" + value.stringValue() + "`"));
			return "one of " + String.join(", ", values);
		}
		JsonNode type = spec.get("type");
		if (type.isArray()) {
			return type.get(0).stringValue() + " or null";
		}
		if ("array".equals(type.stringValue())) {
			JsonNode items = spec.get("items");
			return "array of " + (items.has("properties")
					? "objects: " + String.join(", ",
							items.get("required").valueStream().map((name) -> "`" + name.stringValue() + "`").toList())
					: type(items));
		}
		if ("date".equals(spec.path("format").asString(""))) {
			return "string (date, YYYY-MM-DD)";
		}
		return type.stringValue();
	}

	private JsonNode schema(String resource) throws IOException {
		try (InputStream in = EventCatalogueTests.class.getClassLoader().getResourceAsStream(resource)) {
			return this.codec.mapper().readTree(in);
		}
	}

}
