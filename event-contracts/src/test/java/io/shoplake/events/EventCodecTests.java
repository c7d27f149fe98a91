package io.shoplake.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import io.shoplake.events.push.PushMessage;
import io.shoplake.events.push.PushRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventCodecTests {

	private final EventCodec codec = new EventCodec();

	@Test
	void timestampsAlwaysCarryThreeFractionDigitsInUtc() {
		assertThat(Timestamps.format(Instant.parse("2026-11-25T17:03:12Z"))).isEqualTo("2026-11-25T17:03:12.000Z");
		assertThat(Timestamps.format(Instant.parse("2026-11-25T17:03:12.34Z"))).isEqualTo("2026-11-25T17:03:12.340Z");
		assertThat(Timestamps.format(Instant.parse("2026-11-25T17:03:12.345678901Z")))
			.isEqualTo("2026-11-25T17:03:12.345Z");
		assertThat(Timestamps.parse("2026-11-25T18:03:12.345+01:00")).isEqualTo("2026-11-25T17:03:12.345Z");
	}

	@Test
	void handWrittenTimestampFormatAgreesWithTheJdkFormatter() {
		java.time.format.DateTimeFormatter jdk = java.time.format.DateTimeFormatter
			.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
			.withZone(java.time.ZoneOffset.UTC);
		java.util.SplittableRandom random = new java.util.SplittableRandom(7);
		long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
		long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
		for (int i = 0; i < 20_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(1_000_000_000));
			assertThat(Timestamps.format(instant))
				.isEqualTo(jdk.format(instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
		}
		assertThat(Timestamps.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000Z");
		assertThat(Timestamps.format(Instant.parse("1969-12-31T23:59:59.999Z"))).isEqualTo("1969-12-31T23:59:59.999Z");
		assertThat(Timestamps.format(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01T00:00:00.000Z");
	}

	@Test
	void writesNullCustomerIdAndSnakeCaseNames() {
		Event event = SampleEvents.all().get(1);
		JsonNode json = this.codec.readTree(this.codec.toBytes(event));
		assertThat(json.has("customer_id")).isTrue();
		assertThat(json.get("customer_id").isNull()).isTrue();
		assertThat(json.get("landing_page").stringValue()).isEqualTo("/c/shoes");
		assertThat(json.get("occurred_at").stringValue()).isEqualTo("2026-11-24T09:15:30.120Z");
		assertThat(json.get("event_type").stringValue()).isEqualTo("session_started");
	}

	@Test
	void readingRejectsDuplicateKeys() {
		byte[] json = "{\"event_type\":\"page_viewed\",\"event_type\":\"ad_clicked\"}".getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> this.codec.readTree(json))
			.withMessageContaining("Duplicate");
	}

	@Test
	void orderLineAmounts() {
		OrderLine line = new OrderLine("l1", "p1", "v1", "M", 3, 1_499, 200);
		assertThat(line.grossCents()).isEqualTo(4_497);
		assertThat(line.netCents()).isEqualTo(4_297);
	}

	@Test
	void pushEnvelopeAcceptsBothSpellingsAndWritesCamelCase() {
		String snake = """
				{"message":{"data":"eyJhIjoxfQ==","attributes":{"event_type":"page_viewed"},"message_id":"m-1",
				"publish_time":"2026-11-25T17:03:12.123456789Z"},"subscription":"projects/p/subscriptions/s"}""";
		String both = """
				{"message":{"data":"eyJhIjoxfQ==","messageId":"m-2","message_id":"m-2",
				"publishTime":"2026-11-25T17:03:12.5Z","publish_time":"2026-11-25T17:03:12.5Z"},
				"subscription":"projects/p/subscriptions/s","deliveryAttempt":3}""";
		PushRequest fromSnake = read(snake);
		assertThat(fromSnake.message().messageId()).isEqualTo("m-1");
		assertThat(fromSnake.message().publishTime()).isEqualTo("2026-11-25T17:03:12.123456789Z");
		assertThat(fromSnake.message().attributes()).containsEntry("event_type", "page_viewed");
		assertThat(new String(fromSnake.message().decodedData(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
		assertThat(fromSnake.deliveryAttempt()).isNull();
		PushRequest fromBoth = read(both);
		assertThat(fromBoth.message().messageId()).isEqualTo("m-2");
		assertThat(fromBoth.message().publishTime()).isEqualTo("2026-11-25T17:03:12.500Z");
		assertThat(fromBoth.deliveryAttempt()).isEqualTo(3);
		assertThat(fromBoth.message().attributes()).isEmpty();

		PushRequest written = new PushRequest(PushMessage.of("{}".getBytes(StandardCharsets.UTF_8),
				Map.of("event_type", "page_viewed"), "m-3", Instant.parse("2026-11-25T17:03:12Z")), "sub", 1);
		JsonNode json = this.codec.mapper().valueToTree(written);
		assertThat(json.at("/message/messageId").stringValue()).isEqualTo("m-3");
		assertThat(json.at("/message/publishTime").stringValue()).isEqualTo("2026-11-25T17:03:12.000Z");
		assertThat(json.at("/message/data").stringValue()).isEqualTo("e30=");
		assertThat(json.get("deliveryAttempt").intValue()).isEqualTo(1);
		assertThat(read(json.toString())).isEqualTo(written);
	}

	@Test
	void decodedDataRejectsInvalidBase64() {
		PushMessage message = new PushMessage("not base64!", null, "m", Instant.EPOCH, null);
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(message::decodedData);
	}

	private PushRequest read(String json) {
		return this.codec.mapper().readValue(json, PushRequest.class);
	}

}
