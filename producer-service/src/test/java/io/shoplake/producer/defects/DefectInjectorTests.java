package io.shoplake.producer.defects;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import io.shoplake.events.validation.EventValidator;
import io.shoplake.events.validation.Stage;
import io.shoplake.events.validation.ValidationResult;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DefectInjectorTests {

	private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

	private final EventCodec codec = new EventCodec();

	private final EventValidator validator = new EventValidator(this.codec,
			Clock.fixed(START.plusSeconds(86_400 * 3), ZoneOffset.UTC));

	@Test
	void everyPoisonKindFailsAtItsStageAndTheRestPass() {
		List<Event> events = day();
		DefectInjector injector = new DefectInjector(this.codec, 3L, 0.05, 0.02, 0.05);
		Map<PoisonKind, Integer> poison = new EnumMap<>(PoisonKind.class);
		int valid = 0;
		int duplicates = 0;
		int late = 0;
		for (Event event : events) {
			for (OutgoingMessage message : injector.messages(event, injector.payload(event))) {
				ValidationResult result = this.validator.validate(message.onTheWire().payload());
				switch (message.kind()) {
					case POISON -> {
						poison.merge(message.poison(), 1, Integer::sum);
						assertThat(result.isValid()).as(message.poison().name()).isFalse();
						Stage stage = ((ValidationResult.Invalid) result).stage();
						if (message.poison() == PoisonKind.OVERSIZED) {
							assertThat(message.onTheWire().payload().length).isGreaterThan(1024 * 1024);
						}
						else {
							assertThat(stage).as(message.poison().name()).isEqualTo(message.poison().stage());
						}
					}
					case DUPLICATE -> {
						duplicates++;
						assertThat(result.isValid()).isTrue();
						assertThat(message.publishAt()).isAfter(message.event().occurredAt());
					}
					case VALID -> {
						valid++;
						assertThat(result.isValid()).isTrue();
						if (message.late()) {
							late++;
							assertThat(message.publishAt())
								.isAfterOrEqualTo(message.event().occurredAt().plusSeconds(300));
						}
						else {
							assertThat(message.publishAt()).isEqualTo(message.event().occurredAt());
						}
					}
				}
			}
		}
		assertThat(poison).containsOnlyKeys(PoisonKind.values());
		int poisoned = poison.values().stream().mapToInt(Integer::intValue).sum();
		assertThat(valid).isEqualTo(events.size());
		assertThat((double) poisoned / valid).isBetween(0.04, 0.06);
		assertThat((double) duplicates / valid).isBetween(0.015, 0.025);
		assertThat((double) late / valid).isBetween(0.04, 0.06);
	}

	@Test
	void anOversizedPillIsPaddedOnlyOnTheWireAndOnce() {
		DefectInjector injector = new DefectInjector(this.codec, 3L, 0.05, 0.02, 0.05);
		int pills = 0;
		for (Event event : day().subList(0, 20_000)) {
			for (OutgoingMessage message : injector.messages(event, injector.payload(event))) {
				OutgoingMessage wire = message.onTheWire();
				if (message.poison() != PoisonKind.OVERSIZED) {
					assertThat(wire).isSameAs(message);
					assertThat(message.unpadded()).isFalse();
					continue;
				}
				assertThat(message.unpadded()).isTrue();
				assertThat(wire.unpadded()).isFalse();
				pills++;
				byte[] valid = this.codec.toBytes(event);
				// Held until published as small as the event itself.
				assertThat(message.payload()).isEqualTo(valid);
				byte[] padded = wire.payload();
				String text = new String(padded, java.nio.charset.StandardCharsets.UTF_8);
				assertThat(padded)
					.hasSize(valid.length - 1 + ",\"padding\":\"\"}".length() + DefectInjector.OVERSIZED_BYTES);
				assertThat(text)
					.startsWith(new String(valid, 0, valid.length - 1, java.nio.charset.StandardCharsets.UTF_8))
					.endsWith("xxx\"}");
				assertThat(this.codec.mapper().readTree(padded).get("padding").stringValue())
					.hasSize(DefectInjector.OVERSIZED_BYTES);
				assertThat(wire.onTheWire()).isSameAs(wire);
				assertThat(List.of(wire.kind(), wire.poison(), wire.event(), wire.publishAt(), wire.late(),
						wire.attributes()))
					.isEqualTo(List.of(message.kind(), message.poison(), message.event(), message.publishAt(),
							message.late(), message.attributes()));
			}
		}
		assertThat(pills).isGreaterThan(50);
	}

	@Test
	void decisionsDependOnlyOnSeedAndEvent() {
		List<Event> events = day().subList(0, 5_000);
		DefectInjector first = new DefectInjector(this.codec, 3L, 0.05, 0.02, 0.05);
		DefectInjector second = new DefectInjector(this.codec, 3L, 0.05, 0.02, 0.05);
		List<String> a = new ArrayList<>();
		List<String> b = new ArrayList<>();
		for (int i = events.size() - 1; i >= 0; i--) {
			first.messages(events.get(i), first.payload(events.get(i)))
				.forEach((m) -> a.add(m.kind() + " " + m.poison() + " " + m.publishAt()));
		}
		for (int i = events.size() - 1; i >= 0; i--) {
			second.messages(events.get(i), second.payload(events.get(i)))
				.forEach((m) -> b.add(m.kind() + " " + m.poison() + " " + m.publishAt()));
		}
		assertThat(a).isEqualTo(b).hasSizeGreaterThan(5_000);
	}

	@Test
	void withoutPoisonGivesEveryOtherMessageUnchanged() {
		List<Event> events = day().subList(0, 20_000);
		DefectInjector with = new DefectInjector(this.codec, 3L, 0.05, 0.02, 0.05);
		DefectInjector without = with.withoutPoison();
		List<String> expected = new ArrayList<>();
		List<String> actual = new ArrayList<>();
		int poisoned = 0;
		for (Event event : events) {
			for (OutgoingMessage message : with.messages(event, with.payload(event))) {
				if (message.kind() == OutgoingMessage.Kind.POISON) {
					poisoned++;
				}
				else {
					expected.add(describe(message));
				}
			}
			without.messages(event, without.payload(event)).forEach((message) -> actual.add(describe(message)));
		}
		assertThat(poisoned).isGreaterThan(500);
		assertThat(actual).hasSizeGreaterThan(events.size()).isEqualTo(expected);
	}

	private static String describe(OutgoingMessage message) {
		return message.kind() + " " + message.poison() + " " + message.event().eventId() + " " + message.publishAt()
				+ " " + message.late() + " " + new String(message.payload(), java.nio.charset.StandardCharsets.UTF_8);
	}

	private static List<Event> day() {
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			ShopperSimulator simulator = new ShopperSimulator(
					SimulationProperties.defaults(5L).withSessionsPerHour(400), START);
			List<Event> events = new ArrayList<>();
			for (int hour = 0; hour < 24; hour++) {
				events.addAll(simulator.nextHour(executor));
			}
			return events;
		}
		finally {
			executor.shutdown();
		}
	}

}
