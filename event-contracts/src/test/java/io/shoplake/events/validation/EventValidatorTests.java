package io.shoplake.events.validation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.shoplake.events.EventCodec;
import io.shoplake.events.EventType;
import io.shoplake.events.OrderCompleted;
import io.shoplake.events.SampleEvents;
import io.shoplake.events.Timestamps;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of invalid payloads, one rule each, every one asserting the stage and the JSON
 * Pointer the validator blames; then seeded fuzzing that the validator never throws.
 */
class EventValidatorTests {

	private static final EventCodec codec = new EventCodec();

	private final EventValidator validator = new EventValidator(codec, Clock.fixed(SampleEvents.NOW, ZoneOffset.UTC));

	static Stream<Arguments> invalidCorpus() {
		return InvalidPayloads.all()
			.stream()
			.map((c) -> Arguments.of(Named.of(c.name(), c.payload()), c.stage(), c.path()));
	}

	@Test
	void corpusHasAtLeastFortyCasesOverEveryValidatorStage() {
		List<Arguments> cases = invalidCorpus().toList();
		assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
		assertThat(cases.stream().map((c) -> c.get()[1]).distinct()).containsExactlyInAnyOrder(Stage.JSON, Stage.SCHEMA,
				Stage.SEMANTIC);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidCorpus")
	void rejectsWithStageAndPath(byte[] payload, Stage stage, String path) {
		ValidationResult result = this.validator.validate(payload);
		assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
		ValidationResult.Invalid invalid = (ValidationResult.Invalid) result;
		assertThat(invalid.errors()).as("errors").allSatisfy((error) -> {
			assertThat(error.stage()).isEqualTo(stage);
			assertThat(error.message()).isNotBlank();
		});
		if (path != null) {
			assertThat(invalid.errors()).extracting(ValidationError::path)
				.as(invalid.errors().toString())
				.contains(path);
		}
	}

	@Test
	void errorMessagesSayWhatIsWrong() {
		ValidationResult.Invalid total = invalid(codec.toBytes(withTotal(SampleEvents.order(), 17_222)));
		assertThat(total.errors()).singleElement()
			.extracting(ValidationError::message)
			.isEqualTo("total_cents is 17222 but subtotal_cents - discount_cents + shipping_cents + tax_cents = 17221");
		OrderCompleted vat = SampleEvents.vatIncludedOrder();
		ValidationResult.Invalid taxAddedTwice = invalid(
				codec.toBytes(withTotal(vat, vat.totalCents() + vat.taxCents())));
		assertThat(taxAddedTwice.errors()).singleElement()
			.extracting(ValidationError::message)
			.isEqualTo("total_cents is " + (vat.totalCents() + vat.taxCents())
					+ " but subtotal_cents - discount_cents + shipping_cents = " + vat.totalCents()
					+ " (prices include tax)");
		ValidationResult.Invalid version = invalid(with(EventType.ORDER_COMPLETED, (e) -> e.put("schema_version", 3)));
		assertThat(version.errors().get(0).message())
			.isEqualTo("unsupported schema_version 3 of order_completed; this service reads versions 1 to 2");
		ValidationResult.Invalid badUtf8 = invalid(new byte[] { '{', (byte) 0xFF, '}' });
		assertThat(badUtf8.errors().get(0).message()).contains("not valid UTF-8").contains("byte offset 1");
		ValidationResult.Invalid unknown = invalid(
				with(EventType.PAGE_VIEWED, (e) -> e.put("event_type", "order_placed")));
		assertThat(unknown.errors().get(0).message()).contains("order_placed").contains("order_completed");
	}

	@Test
	void vatIncludedOrderIsValid() {
		OrderCompleted vat = SampleEvents.vatIncludedOrder();
		assertThat(vat.totalCents()).isEqualTo(vat.subtotalCents() - vat.discountCents() + vat.shippingCents());
		assertThat(this.validator.validate(codec.toBytes(vat))).isInstanceOfSatisfying(ValidationResult.Valid.class,
				(valid) -> assertThat(valid.event()).isEqualTo(vat));
	}

	@Test
	void everyOlderVersionStillReadsWithItsMeaning() {
		for (EventType type : EventType.values()) {
			for (int version = 1; version < type.version(); version++) {
				ObjectNode old = InvalidPayloads.example(type, version);
				ValidationResult result = this.validator.validate(InvalidPayloads.utf8(old.toString()));
				assertThat(result).as(type.wireName() + " v" + version).isInstanceOf(ValidationResult.Valid.class);
				assertThat(((ValidationResult.Valid) result).event().schemaVersion()).isEqualTo(version);
			}
		}
		ValidationResult order = this.validator
			.validate(InvalidPayloads.utf8(InvalidPayloads.example(EventType.ORDER_COMPLETED, 1).toString()));
		OrderCompleted v1 = (OrderCompleted) ((ValidationResult.Valid) order).event();
		// Version 1 always added tax on top, which is what false says.
		assertThat(v1.pricesIncludeTax()).isFalse();
		assertThat(v1.totalCents())
			.isEqualTo(v1.subtotalCents() - v1.discountCents() + v1.shippingCents() + v1.taxCents());
		assertThat(v1.lines()).allSatisfy((line) -> assertThat(line.variantId()).isNull());
	}

	@Test
	void futureBoundFollowsTheInjectedClock() {
		Instant occurred = SampleEvents.NOW.plus(Duration.ofHours(23));
		byte[] payload = with(EventType.PAGE_VIEWED, (e) -> e.put("occurred_at", Timestamps.format(occurred)));
		assertThat(this.validator.validate(payload).isValid()).isTrue();
		EventValidator earlier = new EventValidator(codec,
				Clock.fixed(SampleEvents.NOW.minus(Duration.ofHours(2)), ZoneOffset.UTC));
		assertThat(earlier.validate(payload).isValid()).isFalse();
	}

	@Test
	void validResultCarriesTheTypedEventAndItsCompactJson() {
		OrderCompleted order = SampleEvents.order();
		byte[] compact = codec.toBytes(order);
		byte[] pretty = codec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(codec.readTree(compact));
		assertThat(pretty).isNotEqualTo(compact);
		for (byte[] payload : List.of(compact, pretty)) {
			assertThat(this.validator.validate(payload)).isInstanceOfSatisfying(ValidationResult.Valid.class,
					(valid) -> {
						assertThat(valid.event()).isEqualTo(order);
						assertThat(valid.json()).isEqualTo(compact);
					});
		}
	}

	@Test
	void neverThrowsOnMutatedPayloads() {
		Random random = new Random(20261125L);
		List<byte[]> seeds = Arrays.stream(EventType.values())
			.map((type) -> InvalidPayloads.utf8(InvalidPayloads.example(type).toString()))
			.toList();
		int valid = 0;
		int invalid = 0;
		for (int i = 0; i < 5_000; i++) {
			byte[] payload = mutate(seeds.get(random.nextInt(seeds.size())), random);
			ValidationResult result = this.validator.validate(payload);
			if (result.isValid()) {
				valid++;
			}
			else {
				assertThat(((ValidationResult.Invalid) result).errors()).isNotEmpty();
				invalid++;
			}
		}
		assertThat(invalid).isGreaterThan(4_000);
		assertThat(valid + invalid).isEqualTo(5_000);
	}

	@Test
	void neverThrowsOnHostileShapes() {
		List<byte[]> hostile = List.of(InvalidPayloads.utf8("{".repeat(100_000)),
				InvalidPayloads.utf8("{\"a\":".repeat(100_000)),
				InvalidPayloads.utf8("[" + "1,".repeat(100_000) + "1]"),
				InvalidPayloads.utf8("{\"event_type\":\"" + "x".repeat(2_000_000) + "\"}"),
				InvalidPayloads.utf8("{\"event_type\":\"order_completed\",\"schema_version\":1e999999}"),
				InvalidPayloads
					.utf8("{\"event_type\":\"order_completed\",\"schema_version\":" + "9".repeat(5_000) + "}"),
				new byte[] { 0, 0, 0, 0 }, new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF },
				InvalidPayloads.utf8("\u0000"));
		for (byte[] payload : hostile) {
			assertThat(this.validator.validate(payload).isValid()).isFalse();
		}
	}

	private ValidationResult.Invalid invalid(byte[] payload) {
		ValidationResult result = this.validator.validate(payload);
		assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
		return (ValidationResult.Invalid) result;
	}

	private static OrderCompleted withTotal(OrderCompleted o, long total) {
		return new OrderCompleted(o.eventId(), o.schemaVersion(), o.occurredAt(), o.sessionId(), o.anonymousId(),
				o.customerId(), o.device(), o.geo(), o.orderId(), o.checkoutId(), o.lines(), o.subtotalCents(),
				o.discountCents(), o.shippingCents(), o.taxCents(), o.pricesIncludeTax(), total, o.currency(),
				o.paymentMethod(), o.couponCode(), o.clickId());
	}

	private static byte[] with(EventType type, Consumer<ObjectNode> change) {
		ObjectNode event = InvalidPayloads.example(type);
		change.accept(event);
		return InvalidPayloads.utf8(event.toString());
	}

	private static byte[] mutate(byte[] seed, Random random) {
		byte[] bytes = seed.clone();
		switch (random.nextInt(4)) {
			case 0 -> {
				for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
					bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
				}
			}
			case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
			case 2 -> {
				int at = random.nextInt(bytes.length);
				bytes = InvalidPayloads.concat(Arrays.copyOf(bytes, at),
						InvalidPayloads
							.utf8(List.of("0", "-", "\"", "{", "]", "1e400", "null", ",").get(random.nextInt(8))),
						Arrays.copyOfRange(bytes, at, bytes.length));
			}
			default -> {
				int from = random.nextInt(bytes.length);
				int to = Math.min(bytes.length, from + 1 + random.nextInt(20));
				bytes = InvalidPayloads.concat(Arrays.copyOf(bytes, from), Arrays.copyOfRange(bytes, to, bytes.length));
			}
		}
		return bytes;
	}

}
