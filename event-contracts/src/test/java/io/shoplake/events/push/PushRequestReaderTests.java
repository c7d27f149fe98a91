package io.shoplake.events.push;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.shoplake.events.EventCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The envelope reader gives what the mapper gives — the same record, or the same error —
 * for envelopes as Pub/Sub sends them and for seeded variations of every kind: aliases,
 * field order, unknown fields, nulls, numbers, repeats, bad times, broken JSON.
 */
class PushRequestReaderTests {

	private final EventCodec codec = new EventCodec();

	private final PushRequestReader reader = new PushRequestReader(this.codec.mapper());

	@Test
	void everyEnvelopeAndVariationReadsAsTheMapperReadsIt() {
		SplittableRandom random = new SplittableRandom(15);
		int quick = 0;
		int bound = 0;
		int refused = 0;
		for (int i = 0; i < 20_000; i++) {
			ObjectNode envelope = envelope(random);
			byte[] body = ((i % 2 == 0) ? envelope.toString() : varied(envelope, random))
				.getBytes(StandardCharsets.UTF_8);
			// Also read from the middle of a larger buffer, as the batch endpoint does.
			byte[] padded = new byte[body.length + 4];
			System.arraycopy(body, 0, padded, 2, body.length);
			PushRequest expected = null;
			RuntimeException expectedError = null;
			try {
				expected = this.codec.mapper().readValue(body, PushRequest.class);
			}
			catch (RuntimeException ex) {
				expectedError = ex;
			}
			String what = new String(body, StandardCharsets.UTF_8);
			PushRequest shortcut = this.reader.quick(padded, 2, body.length);
			if (shortcut != null) {
				quick++;
				assertThat(expectedError).as(what).isNull();
				assertThat(shortcut).as(what).isEqualTo(expected);
			}
			if (expectedError == null) {
				bound++;
				assertThat(this.reader.read(padded, 2, body.length)).as(what).isEqualTo(expected);
			}
			else {
				refused++;
				RuntimeException actualError = null;
				try {
					this.reader.read(padded, 2, body.length);
				}
				catch (RuntimeException ex) {
					actualError = ex;
				}
				assertThat(actualError).as(what).isNotNull();
				assertThat(actualError.getClass()).as(what).isEqualTo(expectedError.getClass());
				assertThat(actualError.getMessage()).as(what).isEqualTo(expectedError.getMessage());
			}
		}
		// Every envelope as sent is read by hand; the variations cover both outcomes.
		assertThat(quick).as("read by hand").isGreaterThan(10_000);
		assertThat(bound).as("bound").isGreaterThan(12_000);
		assertThat(refused).as("refused").isGreaterThan(1_000);
	}

	@Test
	void envelopesAsSentAreReadByHand() {
		SplittableRandom random = new SplittableRandom(16);
		for (int i = 0; i < 1_000; i++) {
			byte[] body = envelope(random).toString().getBytes(StandardCharsets.UTF_8);
			assertThat(this.reader.quick(body, 0, body.length)).isNotNull()
				.isEqualTo(this.codec.mapper().readValue(body, PushRequest.class));
		}
	}

	/** An envelope as Pub/Sub sends one, with or without the optional fields. */
	private ObjectNode envelope(SplittableRandom random) {
		Map<String, String> attributes = new LinkedHashMap<>();
		for (int a = random.nextInt(4); a > 0; a--) {
			attributes.put("k" + random.nextInt(10) + ((a == 1) ? "é\"\\" : ""), "v" + random.nextInt(1_000));
		}
		byte[] payload = new byte[random.nextInt(0, 300)];
		random.nextBytes(payload);
		PushMessage message = new PushMessage(java.util.Base64.getEncoder().encodeToString(payload), attributes,
				"m-" + random.nextInt(1_000_000),
				Instant.ofEpochMilli(1_764_000_000_000L + random.nextLong(100_000_000_000L)),
				random.nextBoolean() ? null : "key-" + random.nextInt(10));
		PushRequest request = new PushRequest(message, random.nextBoolean() ? "projects/p/subscriptions/s" : null,
				random.nextBoolean() ? null : random.nextInt(1, 6));
		return this.codec.mapper().valueToTree(request);
	}

	/** {@code envelope} changed in one of many ways, as text. */
	private static String varied(ObjectNode envelope, SplittableRandom random) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		ObjectNode message = (ObjectNode) envelope.get("message");
		List<ObjectNode> objects = new ArrayList<>(List.of(envelope, message));
		if (message.get("attributes") instanceof ObjectNode attributes) {
			objects.add(attributes);
		}
		ObjectNode target = objects.get(random.nextInt(objects.size()));
		List<String> names = new ArrayList<>(target.propertyNames());
		String name = names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
		switch (random.nextInt(16)) {
			case 0 -> target.remove(name);
			case 1 -> target.putNull(name);
			case 2 -> target.put(name, random.nextInt(-2, 1_000));
			case 3 -> target.put(name, 3_000_000_000L);
			case 4 -> target.put(name, 2.5);
			case 5 -> target.put(name, random.nextBoolean());
			case 6 -> target.set(name, nodes.objectNode().put("nested", 1));
			case 7 -> target.set(name, nodes.arrayNode().add(1).add("two"));
			case 8 -> target.put(name, "2026-11-25T12:00:00" + (random.nextBoolean() ? "+01:00" : ".5Z"));
			case 9 -> target.put(name, "not a time");
			case 10 -> target.set("unknown_" + random.nextInt(3),
					random.nextBoolean() ? nodes.objectNode().set("deep", nodes.arrayNode().add(nodes.objectNode()))
							: nodes.stringNode("x"));
			case 11 -> {
				// The other spelling of a field (Pub/Sub's snake_case aliases), or both.
				String alias = switch (name) {
					case "messageId" -> "message_id";
					case "publishTime" -> "publish_time";
					case "orderingKey" -> "ordering_key";
					case "deliveryAttempt" -> "delivery_attempt";
					default -> name;
				};
				JsonNode value = target.get(name);
				if (random.nextBoolean()) {
					target.remove(name);
				}
				target.set(alias, value);
			}
			case 12 -> {
				// Fields in another order.
				List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(target.properties());
				target.removeAll();
				for (int e = entries.size() - 1; e >= 0; e--) {
					target.set(entries.get(e).getKey(), entries.get(e).getValue());
				}
			}
			case 13 -> {
				// A repeated name, or trailing tokens.
				String text = envelope.toString();
				return random.nextBoolean()
						? text.replaceFirst("\\{", "{\"subscription\":\"a\",\"subscription\":\"b\",")
						: text + (random.nextBoolean() ? " {}" : " x");
			}
			case 14 -> {
				// Broken JSON: cut short, or not an object at all.
				String text = envelope.toString();
				return random.nextBoolean() ? text.substring(0, random.nextInt(text.length())) : "[" + text + "]";
			}
			default -> {
				// Whitespace between every token.
				return envelope.toPrettyString();
			}
		}
		return envelope.toString();
	}

}
