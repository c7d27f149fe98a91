package io.shoplake.events.validation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import io.shoplake.events.EventType;
import io.shoplake.events.SampleEvents;
import io.shoplake.events.TimeWindow;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator's streamed pass accepts the compact events of every type's newest
 * version, and only what the stage-by-stage validation (here with the general-purpose
 * schema validator) accepts, with the same record and the same bytes; everything else it
 * leaves to that validation.
 */
class StreamedAcceptanceTests {

	private static final EventCodec codec = new EventCodec();

	private static final Clock clock = Clock.fixed(SampleEvents.NOW, ZoneOffset.UTC);

	private final StreamedAcceptance streamed = new StreamedAcceptance(codec,
			new SemanticRules(clock, TimeWindow.DEFAULT));

	private final EventValidator reference = new EventValidator(codec, clock, TimeWindow.DEFAULT,
			SchemaEngine.REFERENCE);

	@Test
	void acceptsTheCompactEventOfEveryTypeWithTheRecordAndBytesOfTheFullValidation() {
		EnumSet<EventType> types = EnumSet.noneOf(EventType.class);
		for (Event event : SampleEvents.all()) {
			byte[] payload = codec.toBytes(event);
			ValidationResult.Valid fast = this.streamed.accept(payload);
			assertThat(fast).as(event.eventType()).isNotNull();
			assertSameAsReference(payload, fast);
			assertThat(fast.event()).isEqualTo(event);
			types.add(EventType.fromWireName(event.eventType()).orElseThrow());
		}
		assertThat(types).containsExactlyInAnyOrder(EventType.values());
	}

	@Test
	void leavesEveryInvalidPayloadOfTheCorpusToTheFullValidation() {
		List<InvalidPayloads.Case> cases = InvalidPayloads.all();
		assertThat(cases).hasSizeGreaterThan(50);
		for (InvalidPayloads.Case c : cases) {
			assertThat(this.streamed.accept(c.payload())).as(c.name()).isNull();
		}
	}

	@Test
	void leavesWhatItCannotShowValidToTheFullValidation() {
		ObjectNode view = (ObjectNode) codec.readTree(codec.toBytes(SampleEvents.all().get(3)));
		String compact = view.toString();
		Map<String, String> payloads = Map.of("whitespace between tokens", compact.replace(",\"", ", \""),
				"an escaped character in a string", compact.replace("\"/\"", "\"\\/\""), "a duplicate key",
				compact.replace("{\"event_id\"", "{\"page_type\":\"home\",\"event_id\""), "a trailing value",
				compact + "1", "a fraction where an integer is",
				compact.replace("\"schema_version\":1", "\"schema_version\":1.0"), "an older version",
				InvalidPayloads.example(EventType.ORDER_COMPLETED, 1).toString(), "no type",
				compact.replace("\"event_type\"", "\"type\""), "a byte-order mark", "\uFEFF" + compact);
		for (Map.Entry<String, String> payload : payloads.entrySet()) {
			byte[] bytes = payload.getValue().getBytes(StandardCharsets.UTF_8);
			assertThat(bytes).as(payload.getKey()).isNotEqualTo(compact.getBytes(StandardCharsets.UTF_8));
			assertThat(this.streamed.accept(bytes)).as(payload.getKey()).isNull();
		}
		// Those the full validation accepts are still valid, with compact bytes.
		for (String valid : List.of("whitespace between tokens", "an escaped character in a string", "an older version",
				"a byte-order mark")) {
			assertThat(new EventValidator(codec, clock).validate(payloads.get(valid).getBytes(StandardCharsets.UTF_8)))
				.as(valid)
				.isInstanceOfSatisfying(ValidationResult.Valid.class,
						(result) -> assertThat(StreamedAcceptance.isCompact(result.json())).isTrue());
		}
	}

	/**
	 * Seeded mutations of every type's event ({@link Mutations}, and now and then a
	 * negative zero): what the streamed pass accepts the full validation accepts alike,
	 * and it accepts every mutation that stays valid and compact.
	 */
	@Test
	void acceptsOnlyWhatTheFullValidationAcceptsAcrossSeededMutations() {
		Random random = new Random(515);
		int accepted = 0;
		int rejected = 0;
		List<String> missed = new ArrayList<>();
		List<Event> events = SampleEvents.all();
		for (int round = 0; round < 20_000; round++) {
			ObjectNode tree = (ObjectNode) codec.readTree(codec.toBytes(events.get(round % events.size())));
			Mutations.mutate(tree, random);
			byte[] payload = codec.mapper().writeValueAsBytes(tree);
			if (random.nextInt(20) == 0) {
				// -0 parses as 0 and is written back as 0: the bytes would differ.
				payload = new String(payload, StandardCharsets.UTF_8).replaceFirst(":0([,}])", ":-0$1")
					.getBytes(StandardCharsets.UTF_8);
			}
			ValidationResult.Valid fast = this.streamed.accept(payload);
			if (fast != null) {
				assertSameAsReference(payload, fast);
				accepted++;
			}
			else if (this.reference.validate(payload) instanceof ValidationResult.Valid valid
					&& Arrays.equals(valid.json(), payload)) {
				missed.add(new String(payload, StandardCharsets.UTF_8));
			}
			else {
				rejected++;
			}
		}
		assertThat(missed).as("valid compact events the streamed pass left to the full validation").isEmpty();
		assertThat(accepted).isGreaterThan(1_000);
		assertThat(rejected).isGreaterThan(10_000);
	}

	private void assertSameAsReference(byte[] payload, ValidationResult.Valid fast) {
		ValidationResult full = this.reference.validate(payload);
		assertThat(full).as(new String(payload, StandardCharsets.UTF_8))
			.isInstanceOfSatisfying(ValidationResult.Valid.class, (valid) -> {
				assertThat(fast.event()).isEqualTo(valid.event());
				assertThat(fast.json()).isEqualTo(valid.json());
			});
	}

}
