package io.shoplake.events.validation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.shoplake.events.EventCodec;
import io.shoplake.events.EventType;
import io.shoplake.events.SampleEvents;
import io.shoplake.events.Timestamps;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A corpus of invalid event payloads, one rule each, with the stage and the JSON Pointer
 * the validator must blame. Shared as a test jar: ingest pushes the same corpus through
 * its endpoint. Times are relative to {@link SampleEvents#NOW}, which a test must use as
 * its clock.
 */
public final class InvalidPayloads {

	private static final EventCodec codec = new EventCodec();

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private InvalidPayloads() {
	}

	/**
	 * One invalid payload.
	 *
	 * @param name what is wrong
	 * @param payload the bytes
	 * @param stage where the validator rejects it
	 * @param path the JSON Pointer among its errors, or null where the position varies
	 */
	public record Case(String name, byte[] payload, Stage stage, String path) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	public static List<Case> all() {
		List<Case> cases = new ArrayList<>();
		// json: bytes, encoding, syntax
		add(cases, "empty payload", new byte[0], Stage.JSON, "");
		add(cases, "whitespace only", utf8("  \n "), Stage.JSON, "");
		add(cases, "not JSON", utf8("hello world"), Stage.JSON, "");
		String order = example(EventType.ORDER_COMPLETED).toString();
		add(cases, "truncated JSON", utf8(order.substring(0, order.length() / 2)), Stage.JSON, null);
		add(cases, "invalid UTF-8 start byte", new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}' },
				Stage.JSON, "");
		add(cases, "lone continuation byte", new byte[] { (byte) 0x80, '{', '}' }, Stage.JSON, "");
		add(cases, "UTF-8 encoded surrogate",
				concat(utf8("{\"query\":\""), new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, utf8("\"}")),
				Stage.JSON, "");
		add(cases, "trailing garbage", utf8(order + " x"), Stage.JSON, "");
		add(cases, "two objects", utf8(order + order), Stage.JSON, "");
		add(cases, "duplicate key", utf8("{\"event_type\":\"page_viewed\",\"event_type\":\"ad_clicked\"}"), Stage.JSON,
				"/event_type");
		add(cases, "NaN literal", utf8("{\"price_cents\":NaN}"), Stage.JSON, "/price_cents");
		add(cases, "single quotes", utf8("{'event_type':'page_viewed'}"), Stage.JSON, "");
		add(cases, "comment", utf8("{/* hi */\"event_type\":\"page_viewed\"}"), Stage.JSON, "");
		add(cases, "10 MB of nesting", utf8("[".repeat(10 * 1024 * 1024)), Stage.JSON, "");
		// schema: shape
		add(cases, "top-level array", utf8("[]"), Stage.SCHEMA, "");
		add(cases, "top-level string", utf8("\"order_completed\""), Stage.SCHEMA, "");
		add(cases, "top-level null", utf8("null"), Stage.SCHEMA, "");
		add(cases, "missing event_type", without(EventType.PAGE_VIEWED, "event_type"), Stage.SCHEMA, "/event_type");
		add(cases, "numeric event_type", with(EventType.PAGE_VIEWED, (e) -> e.put("event_type", 7)), Stage.SCHEMA,
				"/event_type");
		add(cases, "missing schema_version", without(EventType.PAGE_VIEWED, "schema_version"), Stage.SCHEMA,
				"/schema_version");
		add(cases, "schema_version as string", with(EventType.PAGE_VIEWED, (e) -> e.put("schema_version", "1")),
				Stage.SCHEMA, "/schema_version");
		add(cases, "missing required field", without(EventType.ORDER_COMPLETED, "order_id"), Stage.SCHEMA, "/order_id");
		add(cases, "missing nullable field", without(EventType.PAGE_VIEWED, "customer_id"), Stage.SCHEMA,
				"/customer_id");
		add(cases, "null customer_id on registration",
				with(EventType.CUSTOMER_REGISTERED, (e) -> e.putNull("customer_id")), Stage.SCHEMA, "/customer_id");
		add(cases, "quantity as string", with(EventType.ORDER_COMPLETED, (e) -> line(e, 0).put("quantity", "2")),
				Stage.SCHEMA, "/lines/0/quantity");
		add(cases, "money as float", with(EventType.PRODUCT_VIEWED, (e) -> e.put("price_cents", 129.99)), Stage.SCHEMA,
				"/price_cents");
		add(cases, "cents beyond 2^53", with(EventType.ORDER_COMPLETED,
				(e) -> e.set("total_cents", nodes.numberNode(new java.math.BigInteger("1000000000000000000000")))),
				Stage.SCHEMA, "/total_cents");
		add(cases, "quantity beyond int32",
				with(EventType.ORDER_COMPLETED, (e) -> line(e, 0).put("quantity", 3_000_000_000L)), Stage.SCHEMA,
				"/lines/0/quantity");
		add(cases, "bad timestamp", with(EventType.PAGE_VIEWED, (e) -> e.put("occurred_at", "yesterday")), Stage.SCHEMA,
				"/occurred_at");
		add(cases, "timestamp without milliseconds",
				with(EventType.PAGE_VIEWED, (e) -> e.put("occurred_at", "2026-11-24T09:15:30Z")), Stage.SCHEMA,
				"/occurred_at");
		add(cases, "timestamp not in UTC",
				with(EventType.PAGE_VIEWED, (e) -> e.put("occurred_at", "2026-11-24T09:15:30.120+01:00")), Stage.SCHEMA,
				"/occurred_at");
		add(cases, "impossible date",
				with(EventType.PAGE_VIEWED, (e) -> e.put("occurred_at", "2026-02-30T09:15:30.120Z")), Stage.SCHEMA,
				"/occurred_at");
		add(cases, "event_id not a UUID", with(EventType.PAGE_VIEWED, (e) -> e.put("event_id", "42")), Stage.SCHEMA,
				"/event_id");
		add(cases, "misspelled field", with(EventType.ORDER_COMPLETED, (e) -> e.put("totl_cents", 1)), Stage.SCHEMA,
				"/totl_cents");
		add(cases, "unknown device type",
				with(EventType.PAGE_VIEWED, (e) -> ((ObjectNode) e.get("device")).put("type", "phone")), Stage.SCHEMA,
				"/device/type");
		add(cases, "country not ISO",
				with(EventType.PAGE_VIEWED, (e) -> ((ObjectNode) e.get("geo")).put("country", "Germany")), Stage.SCHEMA,
				"/geo/country");
		add(cases, "no order lines", with(EventType.ORDER_COMPLETED, (e) -> e.set("lines", nodes.arrayNode())),
				Stage.SCHEMA, "/lines");
		add(cases, "lower-case currency", with(EventType.ORDER_COMPLETED, (e) -> e.put("currency", "eur")),
				Stage.SCHEMA, "/currency");
		add(cases, "unknown page_type", with(EventType.PAGE_VIEWED, (e) -> e.put("page_type", "about")), Stage.SCHEMA,
				"/page_type");
		add(cases, "line_ids not an array", with(EventType.ORDER_REFUNDED, (e) -> e.put("line_ids", "ord_5c7e21-2")),
				Stage.SCHEMA, "/line_ids");
		add(cases, "id with spaces", with(EventType.PAGE_VIEWED, (e) -> e.put("session_id", "ses 1")), Stage.SCHEMA,
				"/session_id");
		add(cases, "version 2 order without prices_include_tax",
				without(EventType.ORDER_COMPLETED, "prices_include_tax"), Stage.SCHEMA, "/prices_include_tax");
		add(cases, "version 2 cart item without a variant", without(EventType.CART_ITEM_ADDED, "variant_id"),
				Stage.SCHEMA, "/variant_id");
		add(cases, "version 1 order with a version 2 field",
				withVersion1(EventType.ORDER_COMPLETED, (e) -> e.put("prices_include_tax", true)), Stage.SCHEMA,
				"/prices_include_tax");
		add(cases, "report date not a date",
				with(EventType.AD_IMPRESSIONS_REPORTED, (e) -> e.put("report_date", "24.11.2026")), Stage.SCHEMA,
				"/report_date");
		add(cases, "device is null", with(EventType.PAGE_VIEWED, (e) -> e.putNull("device")), Stage.SCHEMA, "/device");
		add(cases, "event of another type's shape",
				with(EventType.PAGE_VIEWED, (e) -> e.put("event_type", "order_completed")), Stage.SCHEMA, "/order_id");
		// semantic: rules one event can show
		add(cases, "unknown event_type", with(EventType.PAGE_VIEWED, (e) -> e.put("event_type", "order_placed")),
				Stage.SEMANTIC, "/event_type");
		add(cases, "unsupported schema_version", with(EventType.PAGE_VIEWED, (e) -> e.put("schema_version", 2)),
				Stage.SEMANTIC, "/schema_version");
		add(cases, "version the type never had",
				with(EventType.ORDER_COMPLETED,
						(e) -> e.put("schema_version", EventType.ORDER_COMPLETED.version() + 1)),
				Stage.SEMANTIC, "/schema_version");
		add(cases, "version 0", with(EventType.PAGE_VIEWED, (e) -> e.put("schema_version", 0)), Stage.SEMANTIC,
				"/schema_version");
		add(cases, "VAT above what the order charges",
				with(EventType.ORDER_COMPLETED, (e) -> e.put("tax_cents", e.get("total_cents").asLong())),
				Stage.SEMANTIC, "/tax_cents");
		add(cases, "negative impressions", with(EventType.AD_IMPRESSIONS_REPORTED, (e) -> e.put("impressions", -1)),
				Stage.SEMANTIC, "/impressions");
		add(cases, "a daily report of a day not over",
				with(EventType.AD_IMPRESSIONS_REPORTED,
						(e) -> e.put("report_date", e.get("occurred_at").asString().substring(0, 10))),
				Stage.SEMANTIC, "/report_date");
		add(cases, "far-future timestamp",
				with(EventType.PAGE_VIEWED,
						(e) -> e.put("occurred_at", Timestamps.format(SampleEvents.NOW.plus(Duration.ofHours(25))))),
				Stage.SEMANTIC, "/occurred_at");
		add(cases, "timestamp in year 1 (no warehouse loads it)",
				with(EventType.PAGE_VIEWED, (e) -> e.put("occurred_at", "0001-01-01T00:00:00.000Z")), Stage.SEMANTIC,
				"/occurred_at");
		add(cases, "timestamp before 2000",
				with(EventType.PAGE_VIEWED, (e) -> e.put("occurred_at", "1999-12-31T23:59:59.999Z")), Stage.SEMANTIC,
				"/occurred_at");
		add(cases, "a daily report of a day before 2000",
				with(EventType.AD_IMPRESSIONS_REPORTED, (e) -> e.put("report_date", "1999-12-31")), Stage.SEMANTIC,
				"/report_date");
		add(cases, "total does not add up", with(EventType.ORDER_COMPLETED, (e) -> e.put("total_cents", 17_222)),
				Stage.SEMANTIC, "/total_cents");
		add(cases, "subtotal does not match lines",
				with(EventType.ORDER_COMPLETED, (e) -> line(e, 1).put("unit_price_cents", 1_500)), Stage.SEMANTIC,
				"/subtotal_cents");
		add(cases, "negative line quantity", with(EventType.ORDER_COMPLETED, (e) -> line(e, 0).put("quantity", -1)),
				Stage.SEMANTIC, "/lines/0/quantity");
		add(cases, "zero quantity added to cart", with(EventType.CART_ITEM_ADDED, (e) -> e.put("quantity", 0)),
				Stage.SEMANTIC, "/quantity");
		add(cases, "negative product price", with(EventType.PRODUCT_VIEWED, (e) -> e.put("price_cents", -100)),
				Stage.SEMANTIC, "/price_cents");
		add(cases, "line discount above line value",
				with(EventType.ORDER_COMPLETED, (e) -> line(e, 1).put("discount_cents", 5_000)), Stage.SEMANTIC,
				"/lines/1/discount_cents");
		add(cases, "order discount above subtotal",
				with(EventType.ORDER_COMPLETED, (e) -> e.put("discount_cents", 20_000)), Stage.SEMANTIC,
				"/discount_cents");
		add(cases, "duplicate line ids",
				with(EventType.ORDER_COMPLETED, (e) -> line(e, 1).put("line_id", line(e, 0).get("line_id").asString())),
				Stage.SEMANTIC, "/lines/1/line_id");
		add(cases, "negative shipping", with(EventType.ORDER_COMPLETED, (e) -> e.put("shipping_cents", -495)),
				Stage.SEMANTIC, "/shipping_cents");
		add(cases, "zero refund", with(EventType.ORDER_REFUNDED, (e) -> e.put("amount_cents", 0)), Stage.SEMANTIC,
				"/amount_cents");
		add(cases, "refund names a line twice",
				with(EventType.ORDER_REFUNDED, (e) -> ((ArrayNode) e.get("line_ids")).add("ord_5c7e21-2")),
				Stage.SEMANTIC, "/line_ids/1");
		add(cases, "price change that changes nothing",
				with(EventType.PRODUCT_PRICE_CHANGED, (e) -> e.put("new_price_cents", 12_999)), Stage.SEMANTIC,
				"/new_price_cents");
		add(cases, "birth year in the 19th century",
				with(EventType.CUSTOMER_REGISTERED, (e) -> e.put("birth_year", 1850)), Stage.SEMANTIC, "/birth_year");
		add(cases, "negative results count", with(EventType.SEARCH_PERFORMED, (e) -> e.put("results_count", -1)),
				Stage.SEMANTIC, "/results_count");
		add(cases, "free ad click", with(EventType.AD_CLICKED, (e) -> e.put("cost_micros", 0)), Stage.SEMANTIC,
				"/cost_micros");
		add(cases, "empty checkout", with(EventType.CHECKOUT_STARTED, (e) -> e.put("item_count", 0)), Stage.SEMANTIC,
				"/item_count");
		return cases;
	}

	private static void add(List<Case> cases, String name, byte[] payload, Stage stage, String path) {
		cases.add(new Case(name, payload, stage, path));
	}

	public static ObjectNode example(EventType type) {
		return example(type, type.version());
	}

	/** The example of one version of a type's schema. */
	public static ObjectNode example(EventType type, int version) {
		try (InputStream in = EventType.class.getClassLoader().getResourceAsStream(type.schemaResource(version))) {
			return (ObjectNode) codec.mapper().readTree(in).get("examples").get(0).deepCopy();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] withVersion1(EventType type, Consumer<ObjectNode> change) {
		ObjectNode event = example(type, 1);
		change.accept(event);
		return utf8(event.toString());
	}

	private static byte[] with(EventType type, Consumer<ObjectNode> change) {
		ObjectNode event = example(type);
		change.accept(event);
		return utf8(event.toString());
	}

	private static byte[] without(EventType type, String field) {
		return with(type, (e) -> e.remove(field));
	}

	private static ObjectNode line(ObjectNode order, int index) {
		return (ObjectNode) order.get("lines").get(index);
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

}
