package io.shoplake.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.shoplake.events.push.PushMessage;
import io.shoplake.events.push.PushRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Binding as the codec binds (through {@link SpreadingCreators}, with readers made once)
 * gives what a plain mapper gives with Jackson's own creator calls: the same records, and
 * the same problems, for every event type, the push envelope and thousands of seeded
 * mutations of them.
 */
class SpreadingCreatorsTests {

	private final EventCodec spreading = new EventCodec();

	private final EventCodec jackson = new EventCodec(false);

	@Test
	void everyEventAndEnvelopeAndTheirMutationsBindAlikeWithAndWithoutTheSpreadingCreators() {
		SplittableRandom random = new SplittableRandom(15);
		List<JsonNode> originals = new ArrayList<>();
		for (Event event : SampleEvents.all()) {
			originals.add(this.spreading.readTree(this.spreading.toBytes(event)));
		}
		int bound = 0;
		int refused = 0;
		for (JsonNode original : originals) {
			for (int i = 0; i < 300; i++) {
				JsonNode json = (i == 0) ? original : mutated(original, random);
				byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
				JsonNode tree = this.spreading.readTree(bytes);
				// As the codec binds (a reader made once, spreading creators) and as a
				// plain mapper binds (looked up per call, Jackson's creator calls).
				boolean fromBytes = same(bytes, () -> this.jackson.mapper().readValue(bytes, Event.class),
						() -> this.spreading.fromBytes(bytes));
				boolean fromTree = same(bytes, () -> this.jackson.mapper().treeToValue(tree, Event.class),
						() -> this.spreading.fromTree(tree));
				assertThat(fromTree).isEqualTo(fromBytes);
				// The same event inside a push envelope, as ingest binds it.
				byte[] envelope = envelope(bytes, random);
				boolean enveloped = same(envelope, () -> this.jackson.mapper().readValue(envelope, PushRequest.class),
						() -> this.spreading.mapper().readerFor(PushRequest.class).readValue(envelope));
				for (boolean outcome : new boolean[] { fromBytes, enveloped }) {
					if (outcome) {
						bound++;
					}
					else {
						refused++;
					}
				}
			}
		}
		assertThat(bound).as("bound alike").isGreaterThan(3_000);
		assertThat(refused).as("refused alike").isGreaterThan(1_500);
	}

	@Test
	void aConstructorsExceptionIsTheSameProblemAndTheSpreadingCreatorCalledIt() {
		// PushMessage copies its attributes; a null value is refused by Map.copyOf.
		byte[] body = "{\"message\":{\"data\":\"e30=\",\"attributes\":{\"a\":null},\"messageId\":\"m\"}}"
			.getBytes(StandardCharsets.UTF_8);
		assertThat(same(body, () -> this.jackson.mapper().readValue(body, PushRequest.class),
				() -> this.spreading.mapper().readValue(body, PushRequest.class)))
			.isFalse();
		byte[] negative = "{\"count\":-1}".getBytes(StandardCharsets.UTF_8);
		assertThat(same(negative, () -> this.jackson.mapper().readValue(negative, Counted.class),
				() -> this.spreading.mapper().readValue(negative, Counted.class)))
			.isFalse();
		assertThatThrownBy(() -> this.spreading.mapper().readValue(negative, Counted.class))
			.isInstanceOf(JacksonException.class)
			.hasRootCauseMessage("count is negative")
			.satisfies((ex) -> assertThat(Arrays.stream(ex.getCause().getStackTrace()))
				.anyMatch((frame) -> frame.getClassName().equals(SpreadingCreators.class.getName() + "$Spreading")));
		assertThat(this.spreading.mapper().readValue("{\"count\":3}", Counted.class)).isEqualTo(new Counted(3));
		// A missing primitive still fails as Jackson's own (FAIL_ON_NULL_FOR_PRIMITIVES).
		byte[] missing = "{}".getBytes(StandardCharsets.UTF_8);
		assertThat(same(missing, () -> this.jackson.mapper().readValue(missing, Counted.class),
				() -> this.spreading.mapper().readValue(missing, Counted.class)))
			.isFalse();
	}

	/**
	 * Binds {@code input} both ways: true when both bound equal values, false when both
	 * refused it with the same exception type and message; fails the test otherwise.
	 */
	private static boolean same(byte[] input, Supplier<Object> jackson, Supplier<Object> codec) {
		Outcome expected = Outcome.of(jackson);
		Outcome actual = Outcome.of(codec);
		String what = new String(input, StandardCharsets.UTF_8);
		if (expected.error() == null) {
			assertThat(actual.error()).as(what).isNull();
			assertThat(actual.value()).as(what).isEqualTo(expected.value());
			return true;
		}
		assertThat(actual.error()).as(what).isNotNull();
		assertThat(actual.error().getClass()).as(what).isEqualTo(expected.error().getClass());
		assertThat(actual.error().getMessage()).as(what).isEqualTo(expected.error().getMessage());
		assertThat(where(actual.error())).as(what).isEqualTo(where(expected.error()));
		return false;
	}

	/** What a binding gave: a value, or the exception it threw. */
	private record Outcome(Object value, RuntimeException error) {

		static Outcome of(Supplier<Object> binding) {
			try {
				return new Outcome(binding.get(), null);
			}
			catch (RuntimeException ex) {
				return new Outcome(null, ex);
			}
		}

	}

	/**
	 * Where the parser was when binding failed, as the validator reports it (the
	 * exception's path when the parser is closed).
	 */
	private static String where(RuntimeException ex) {
		if (ex instanceof JacksonException jackson) {
			if (jackson.processor() instanceof JsonParser parser && parser.streamReadContext() != null) {
				return parser.streamReadContext().pathAsPointer().toString();
			}
			return (jackson.processor() instanceof JsonParser) ? "closed parser, path " + jackson.getPath()
					: "path " + jackson.getPath();
		}
		return "";
	}

	/**
	 * {@code json} with one field (at any depth) removed, nulled or given another type.
	 */
	private static JsonNode mutated(JsonNode json, SplittableRandom random) {
		JsonNode copy = json.deepCopy();
		List<ObjectNode> objects = new ArrayList<>();
		collect(copy, objects);
		ObjectNode target = objects.get(random.nextInt(objects.size()));
		List<String> names = new ArrayList<>(target.propertyNames());
		if (names.isEmpty()) {
			return copy;
		}
		String name = names.get(random.nextInt(names.size()));
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		switch (random.nextInt(7)) {
			case 0 -> target.remove(name);
			case 1 -> target.putNull(name);
			case 2 -> target.put(name, "x");
			case 3 -> target.put(name, random.nextInt(-3, 3));
			case 4 -> target.put(name, 1.5);
			case 5 -> target.set(name, nodes.objectNode());
			default -> target.put("unexpected_" + name, true);
		}
		return copy;
	}

	private static void collect(JsonNode node, List<ObjectNode> objects) {
		if (node instanceof ObjectNode object) {
			objects.add(object);
			object.values().forEach((child) -> collect(child, objects));
		}
		else if (node instanceof ArrayNode array) {
			array.values().forEach((child) -> collect(child, objects));
		}
	}

	/** A push envelope carrying {@code payload}, now and then with a broken field. */
	private byte[] envelope(byte[] payload, SplittableRandom random) {
		PushMessage message = PushMessage.of(payload, Map.of("event_type", "x"), "m-" + random.nextInt(1_000),
				Instant.parse("2026-11-25T12:00:00Z"));
		JsonNode request = this.spreading.mapper()
			.valueToTree(new PushRequest(message, "projects/p/subscriptions/s", random.nextInt(1, 5)));
		return ((random.nextInt(4) == 0) ? mutated(request, random) : request).toString()
			.getBytes(StandardCharsets.UTF_8);
	}

	/** A record whose constructor refuses some values. */
	public record Counted(@JsonProperty("count") int count) {

		public Counted {
			if (count < 0) {
				throw new IllegalArgumentException("count is negative");
			}
		}

	}

}
