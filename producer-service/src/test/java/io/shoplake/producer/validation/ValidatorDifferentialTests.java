package io.shoplake.producer.validation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import io.shoplake.events.SampleEvents;
import io.shoplake.events.TimeWindow;
import io.shoplake.events.validation.InvalidPayloads;
import io.shoplake.events.validation.Mutations;
import io.shoplake.events.validation.SchemaEngine;
import io.shoplake.events.validation.ValidationError;
import io.shoplake.events.validation.ValidationResult;
import io.shoplake.events.validation.EventValidator;
import io.shoplake.producer.defects.DefectInjector;
import io.shoplake.producer.defects.OutgoingMessage;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled JSON Schema checks (and the streamed pass in front of them) against the
 * general-purpose validator they replace: over the invalid-payload corpus, 100,000
 * simulated events, every poison pill the producer sends, and a seeded mutation of every
 * tenth event (a field removed, nulled, given another type, made too long or too short,
 * out of its enum or pattern, an impossible date, a fractional or huge number, an extra
 * field), the two give the same verdict, the same stage and the same error paths, and a
 * valid event the same record and the same bytes.
 */
class ValidatorDifferentialTests {

	private static final EventCodec codec = new EventCodec();

	@Test
	void theCorpusGetsTheSameVerdictsStagesAndPaths() {
		Clock clock = Clock.fixed(SampleEvents.NOW, ZoneOffset.UTC);
		EventValidator compiled = new EventValidator(codec, clock, TimeWindow.DEFAULT, SchemaEngine.COMPILED);
		EventValidator reference = new EventValidator(codec, clock, TimeWindow.DEFAULT, SchemaEngine.REFERENCE);
		List<InvalidPayloads.Case> cases = InvalidPayloads.all();
		assertThat(cases).hasSizeGreaterThan(50);
		for (InvalidPayloads.Case c : cases) {
			assertThat(verdict(compiled.validate(c.payload()))).as(c.name())
				.isEqualTo(verdict(reference.validate(c.payload())));
		}
	}

	@Test
	void simulatedEventsPoisonPillsAndMutationsGetTheSameVerdictsStagesAndPaths() {
		Instant start = Instant.parse("2026-11-20T00:00:00Z");
		Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
		EventValidator compiled = new EventValidator(codec, clock, TimeWindow.DEFAULT, SchemaEngine.COMPILED);
		EventValidator reference = new EventValidator(codec, clock, TimeWindow.DEFAULT, SchemaEngine.REFERENCE);
		DefectInjector defects = new DefectInjector(codec, 11L, 0.02, 0.0, 0.0);
		Random random = new Random(2026);
		Map<String, Integer> outcomes = new TreeMap<>();
		ExecutorService shards = Executors.newFixedThreadPool(2);
		int events = 0;
		int mutations = 0;
		int poison = 0;
		try {
			ShopperSimulator simulator = new ShopperSimulator(
					SimulationProperties.defaults(7L).withSessionsPerHour(1500), start);
			while (events < 100_000) {
				for (Event event : simulator.nextHour(shards)) {
					for (OutgoingMessage message : defects.messages(event, defects.payload(event))) {
						poison += (message.kind() == OutgoingMessage.Kind.POISON) ? 1 : 0;
						compare(compiled, reference, message.onTheWire().payload(), outcomes,
								"message of " + event.eventId());
					}
					events++;
					if (events % 10 == 0) {
						ObjectNode tree = (ObjectNode) codec.readTree(codec.toBytes(event));
						String mutation = Mutations.mutate(tree, random);
						compare(compiled, reference, codec.mapper().writeValueAsBytes(tree), outcomes, mutation);
						mutations++;
					}
				}
			}
		}
		finally {
			shards.shutdown();
		}
		assertThat(events).isGreaterThanOrEqualTo(100_000);
		assertThat(mutations).isGreaterThanOrEqualTo(10_000);
		assertThat(poison).isPositive();
		// Both verdicts occur, in every stage, so the comparison covered them.
		assertThat(outcomes).containsKeys("valid", "invalid json", "invalid schema", "invalid semantic");
	}

	private static void compare(EventValidator compiled, EventValidator reference, byte[] payload,
			Map<String, Integer> outcomes, String what) {
		ValidationResult referenceResult = reference.validate(payload);
		ValidationResult compiledResult = compiled.validate(payload);
		String expected = verdict(referenceResult);
		if (referenceResult instanceof ValidationResult.Invalid invalid && invalid.errors().size() == 1
				&& invalid.errors().get(0).message().contains("could not be checked")) {
			// The reference library threw on this value (e.g. 1e20 where a 64-bit integer
			// is expected): both reject it at the schema stage; the compiled checks also
			// name the value, where the reference can only blame the whole payload.
			assertThat(verdict(compiledResult)).as(what).startsWith("invalid schema [");
			outcomes.merge("reference could not check", 1, Integer::sum);
			return;
		}
		assertThat(verdict(compiledResult))
			.as("%s: %s%nreference: %s%ncompiled: %s", what, new String(payload, StandardCharsets.UTF_8),
					referenceResult, compiledResult)
			.isEqualTo(expected);
		if (referenceResult instanceof ValidationResult.Valid valid) {
			// The same record and the same bytes for the lake, whichever path accepted
			// it.
			ValidationResult.Valid mine = (ValidationResult.Valid) compiledResult;
			assertThat(mine.event()).as(what).isEqualTo(valid.event());
			assertThat(mine.json()).as(what).isEqualTo(valid.json());
		}
		outcomes.merge(expected.contains(" ") ? expected.substring(0, expected.indexOf(' ', 8)) : expected, 1,
				Integer::sum);
	}

	/** Verdict, stage and sorted error paths: what both validators must agree on. */
	private static String verdict(ValidationResult result) {
		if (result instanceof ValidationResult.Invalid invalid) {
			return "invalid " + invalid.errors().get(0).stage().name().toLowerCase() + " "
					+ invalid.errors()
						.stream()
						.map(ValidationError::path)
						.sorted()
						.collect(Collectors.joining(", ", "[", "]"));
		}
		return "valid";
	}

}
