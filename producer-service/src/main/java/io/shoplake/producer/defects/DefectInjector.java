package io.shoplake.producer.defects;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the valid event stream into bus messages with deliberate defects: late
 * publication, duplicates and poison pills, each at its own rate. Every decision is drawn
 * from a random stream keyed by the event's id, so it does not depend on thread count or
 * on what came before.
 */
public final class DefectInjector {

	/** A payload this size is beyond ingest's 1 MiB limit. */
	static final int OVERSIZED_BYTES = 1_100_000;

	private static final PoisonKind[] KINDS = PoisonKind.values();

	private static final byte[] PADDING = ",\"padding\":\"".concat("x".repeat(OVERSIZED_BYTES))
		.concat("\"}")
		.getBytes(StandardCharsets.UTF_8);

	private static final Map<String, Map<String, String>> ATTRIBUTES = java.util.Arrays
		.stream(io.shoplake.events.EventType.values())
		.collect(java.util.stream.Collectors.toUnmodifiableMap(io.shoplake.events.EventType::wireName,
				(type) -> Map.of("event_type", type.wireName(), "schema_version", Integer.toString(type.version()))));

	private final EventCodec codec;

	private final long seed;

	private final double poisonRate;

	private final double duplicateRate;

	private final double lateRate;

	/**
	 * @param codec the event codec
	 * @param seed the simulation seed
	 * @param poisonRate poison pills per valid event
	 * @param duplicateRate duplicates per valid event
	 * @param lateRate late publications per valid event
	 */
	public DefectInjector(EventCodec codec, long seed, double poisonRate, double duplicateRate, double lateRate) {
		this.codec = codec;
		this.seed = seed;
		this.poisonRate = poisonRate;
		this.duplicateRate = duplicateRate;
		this.lateRate = lateRate;
	}

	/**
	 * The same defects, but no poison pill is built (for a publisher that takes none):
	 * every other message is the same, since each draw is made all the same.
	 */
	public DefectInjector withoutPoison() {
		return new DefectInjector(this.codec, this.seed, 0, this.duplicateRate, this.lateRate);
	}

	/**
	 * An event's bytes as its messages carry them (thread-safe): what
	 * {@link #messages(Event, byte[])} takes, made where the caller has the event at
	 * hand.
	 */
	public byte[] payload(Event event) {
		return this.codec.toBytes(event);
	}

	/**
	 * The messages for one event: itself, maybe late, maybe again, maybe a poison pill
	 * beside it.
	 * @param event the event
	 * @param payload its bytes, from {@link #payload(Event)}
	 */
	public List<OutgoingMessage> messages(Event event, byte[] payload) {
		SplittableRandom random = new SplittableRandom(this.seed ^ event.eventId().getMostSignificantBits()
				^ Long.rotateLeft(event.eventId().getLeastSignificantBits(), 17));
		Map<String, String> attributes = ATTRIBUTES.get(event.eventType());
		// An ad click is logged by the click redirect, server-side, as it happens: never
		// late. (So an order's click always reaches the lake before the order can.)
		boolean late = random.nextDouble() < this.lateRate && !(event instanceof io.shoplake.events.AdClicked);
		Instant publishAt = late ? event.occurredAt().plus(Duration.ofMinutes(5 + random.nextInt(6 * 60)))
				: event.occurredAt();
		List<OutgoingMessage> messages = new ArrayList<>(1);
		messages
			.add(new OutgoingMessage(OutgoingMessage.Kind.VALID, payload, event, null, publishAt, late, attributes));
		if (random.nextDouble() < this.duplicateRate) {
			messages.add(new OutgoingMessage(OutgoingMessage.Kind.DUPLICATE, payload, event, null,
					publishAt.plusSeconds(1 + random.nextInt(600)), late, attributes));
		}
		if (random.nextDouble() < this.poisonRate) {
			PoisonKind kind = KINDS[random.nextInt(KINDS.length)];
			messages.add(new OutgoingMessage(OutgoingMessage.Kind.POISON, poison(kind, event, payload), event, kind,
					event.occurredAt(), false, attributes));
		}
		return messages;
	}

	/** The bytes of a poison pill of {@code kind}, derived from a valid event. */
	byte[] poison(PoisonKind kind, Event event, byte[] valid) {
		return switch (kind) {
			case NOT_JSON ->
				("not json: " + event.eventType() + " at " + event.occurredAt()).getBytes(StandardCharsets.UTF_8);
			case TRUNCATED_JSON -> Arrays.copyOf(valid, valid.length / 2);
			case EMPTY -> new byte[0];
			case INVALID_UTF8 -> invalidUtf8(valid);
			case MISSING_FIELD -> tree(event, (json) -> json.remove("event_id"));
			case WRONG_TYPE -> tree(event, (json) -> json.put("session_id", 12345));
			case BAD_TIMESTAMP -> tree(event, (json) -> json.put("occurred_at", "25/11/2026 17:03"));
			case UNKNOWN_EVENT_TYPE -> tree(event, (json) -> json.put("event_type", "wishlist_item_added"));
			case FAR_FUTURE -> tree(event, (json) -> json.put("occurred_at", "2999-01-01T00:00:00.000Z"));
			case BAD_TOTALS -> tree(event, (json) -> order(json, 1, 1));
			case NEGATIVE_QUANTITY -> tree(event, (json) -> order(json, -1, 0));
			// Padded by the publisher that sends it (OutgoingMessage.onTheWire()): drawn
			// here, with its slice ahead of publishing, a 1.1 MB pill lived through
			// collections.
			case OVERSIZED -> valid;
		};
	}

	/** A copy of the padding field and closing brace an oversized pill ends with. */
	static byte[] padding() {
		return PADDING.clone();
	}

	/**
	 * The event with a padding field past the size limit, spliced in before its closing
	 * brace.
	 */
	static byte[] oversized(byte[] valid) {
		int from = paddedFrom(valid);
		byte[] bytes = Arrays.copyOf(valid, from + PADDING.length);
		System.arraycopy(PADDING, 0, bytes, from, PADDING.length);
		return bytes;
	}

	/** Where an oversized pill's padding starts: at its event's closing brace. */
	static int paddedFrom(byte[] valid) {
		return valid.length - 1;
	}

	private static byte[] invalidUtf8(byte[] valid) {
		// Replace the first byte inside the event_id string with a lone UTF-8 lead byte.
		byte[] bytes = valid.clone();
		bytes[14] = (byte) 0xC3;
		bytes[15] = 0x28;
		return bytes;
	}

	/**
	 * Rewrites the event as an order of one line of {@code quantity} x 10.00 whose total
	 * is {@code totalError} cents off.
	 */
	private static void order(ObjectNode json, int quantity, long totalError) {
		String eventId = json.get("event_id").stringValue();
		ObjectNode base = json.deepCopy();
		json.removeAll();
		for (String field : List.of("event_id", "event_type", "schema_version", "occurred_at", "session_id",
				"anonymous_id", "customer_id", "device", "geo")) {
			json.set(field, base.get(field));
		}
		json.put("event_type", "order_completed");
		json.put("schema_version", io.shoplake.events.EventType.ORDER_COMPLETED.version());
		json.put("order_id", "ord_poison_" + eventId.substring(0, 8));
		json.put("checkout_id", "chk_poison");
		ArrayNode lines = json.putArray("lines");
		ObjectNode line = lines.addObject();
		line.put("line_id", "l1");
		line.put("product_id", "prd_00000");
		line.put("variant_id", "var_00000");
		line.put("variant", "One size");
		line.put("quantity", quantity);
		line.put("unit_price_cents", 1_000);
		line.put("discount_cents", 0);
		long subtotal = quantity * 1_000L;
		json.put("subtotal_cents", subtotal);
		json.put("discount_cents", 0);
		json.put("shipping_cents", 0);
		json.put("tax_cents", 0);
		json.put("prices_include_tax", true);
		json.put("total_cents", subtotal + totalError);
		json.put("currency", "EUR");
		json.put("payment_method", "card");
		json.putNull("coupon_code");
		json.putNull("click_id");
	}

	private byte[] tree(Event event, java.util.function.Consumer<ObjectNode> change) {
		ObjectNode json = this.codec.mapper().valueToTree(event);
		change.accept(json);
		return this.codec.mapper().writeValueAsBytes(json);
	}

}
