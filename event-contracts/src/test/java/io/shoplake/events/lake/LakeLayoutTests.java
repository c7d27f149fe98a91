package io.shoplake.events.lake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.shoplake.events.EventCodec;
import io.shoplake.events.SampleEvents;
import io.shoplake.events.Sha256;
import io.shoplake.events.Timestamps;
import io.shoplake.events.validation.Stage;
import io.shoplake.events.validation.ValidationError;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The one lake layout, line and object codec, and quarantine record every module uses.
 */
class LakeLayoutTests {

	private final EventCodec codec = new EventCodec();

	@Test
	void objectsArePartitionedByTheUtcDayOfTheirPublishTime() {
		LocalDate day = LakeLayout.dayOf(Instant.parse("2026-11-24T23:59:59.999Z"));
		assertThat(day).isEqualTo(LocalDate.parse("2026-11-24"));
		assertThat(LakeLayout.folder(LakeLayout.EVENTS, day)).isEqualTo("events/year=2026/month=11/day=24");
		String name = LakeLayout.objectName(LakeLayout.FAILED, day, "ab12cd34", 7);
		assertThat(name).isEqualTo("failed/year=2026/month=11/day=24/part-ab12cd34-00000007.ndjson.gz");
		assertThat(LakeLayout.replayObjectName(day, "part-ab12cd34-00000007", 2))
			.isEqualTo("events/year=2026/month=11/day=24/replay-part-ab12cd34-00000007-0002.ndjson.gz");
		assertThat(LakeLayout.partitionOf(name)).hasValue(day);
		assertThat(LakeLayout.partitionOf("gs://lake/" + name)).hasValue(day);
	}

	@Test
	void onlyFinishedObjectsInAPartitionAreObjects() {
		assertThat(LakeLayout.isObject("events", "events/year=2026/month=11/day=24/part-a-00000001.ndjson.gz"))
			.isTrue();
		assertThat(LakeLayout.isObject("events", "events/year=2026/month=11/day=24/.part-a-1.ndjson.gz.tmp")).isFalse();
		assertThat(LakeLayout.isObject("events", "events/year=2026/month=11/day=24/.part-a-1.ndjson.gz")).isFalse();
		assertThat(LakeLayout.isObject("events", "failed/year=2026/month=11/day=24/part-a-1.ndjson.gz")).isFalse();
		assertThat(LakeLayout.isObject("events", "events/part-a-1.ndjson.gz")).as("not in a partition").isFalse();
		assertThat(LakeLayout.isObject("events", "events/year=2026/month=13/day=24/part-a-1.ndjson.gz"))
			.as("no such day")
			.isFalse();
		assertThat(LakeLayout.partitionOf("events/year=2026/month=02/day=30/x.ndjson.gz")).isEmpty();
	}

	@Test
	void aLakeLineIsTheEventAsPublishedWithTheIngestionFields() {
		byte[] event = this.codec.toBytes(SampleEvents.order());
		byte[] line = LakeLine.of(event, "m-1", Instant.parse("2026-11-24T10:00:00.123456Z"), 3,
				Instant.parse("2026-11-24T10:00:01Z"));
		JsonNode parsed = this.codec.readTree(line);
		ObjectNode expected = (ObjectNode) this.codec.readTree(event);
		expected.put(LakeLine.MESSAGE_ID, "m-1");
		expected.put(LakeLine.PUBLISH_TIME, "2026-11-24T10:00:00.123Z");
		expected.put(LakeLine.DELIVERY_ATTEMPT, 3);
		expected.put(LakeLine.INGESTED_AT, "2026-11-24T10:00:01.000Z");
		assertThat(parsed).isEqualTo(expected);
		assertThat(this.codec.readTree(LakeLine.of(event, "m-1", Instant.EPOCH, null, Instant.EPOCH))
			.get(LakeLine.DELIVERY_ATTEMPT)
			.isNull()).as("no attempt counted: null").isTrue();
		assertThat(new String(line, StandardCharsets.UTF_8))
			.startsWith(new String(event, 0, event.length - 1, StandardCharsets.UTF_8) + ",\"_message_id\":\"m-1\",");
		assertThat(this.codec
			.readTree(
					LakeLine.of("{}".getBytes(StandardCharsets.UTF_8), "a\"b\\c\n", Instant.EPOCH, null, Instant.EPOCH))
			.get(LakeLine.MESSAGE_ID)
			.stringValue()).as("a message id is escaped").isEqualTo("a\"b\\c\n");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(
				() -> LakeLine.of("[1]".getBytes(StandardCharsets.UTF_8), "m", Instant.EPOCH, null, Instant.EPOCH));
	}

	@Test
	void aLineAppendedToAnObjectIsTheLineOfAnyEventIdTimeAndAttempt() {
		// Seeded: message ids plain, with quotes, control characters or non-ASCII text;
		// times across years and fractions; attempts counted or not.
		Random random = new Random(15);
		String[] ids = { "m-1", "file-c7670854-12", "a\"b", "tab\there", "\\", "caf\u00e9", "\u0001", "", null };
		byte[][] events = { this.codec.toBytes(SampleEvents.order()), "{}".getBytes(StandardCharsets.UTF_8),
				"{\"n\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8) };
		ByteArrayOutputStream object = new ByteArrayOutputStream();
		object.writeBytes("{\"before\":1}\n".getBytes(StandardCharsets.UTF_8));
		for (int i = 0; i < 500; i++) {
			byte[] event = events[random.nextInt(events.length)];
			String id = ids[random.nextInt(ids.length)];
			Instant published = Instant.ofEpochSecond(random.nextLong(4_102_444_800L), random.nextInt(1_000_000_000));
			Instant ingested = published.plusMillis(random.nextInt(100_000));
			Integer attempt = random.nextBoolean() ? null : 1 + random.nextInt(100);
			byte[] line = LakeLine.of(event, id, published, attempt, ingested);
			ObjectNode expected = (ObjectNode) this.codec.readTree(event);
			expected.put(LakeLine.MESSAGE_ID, id);
			expected.put(LakeLine.PUBLISH_TIME, Timestamps.format(published));
			expected.put(LakeLine.DELIVERY_ATTEMPT, attempt);
			expected.put(LakeLine.INGESTED_AT, Timestamps.format(ingested));
			assertThat(this.codec.readTree(line)).isEqualTo(expected);
			int from = object.size();
			LakeLine.write(object, event, id, published, attempt, ingested);
			assertThat(Arrays.copyOfRange(object.toByteArray(), from, object.size())).isEqualTo(line);
		}
	}

	@Test
	void objectsRoundTripThroughTheCodecAndACutObjectIsAnError() throws IOException {
		List<byte[]> lines = List.of("{\"n\":1}".getBytes(StandardCharsets.UTF_8),
				"{\"n\":\"é\"}".getBytes(StandardCharsets.UTF_8));
		byte[] object = NdjsonGzip.encode(lines);
		assertThat(NdjsonGzip.decode(object)).containsExactly("{\"n\":1}", "{\"n\":\"é\"}");
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> NdjsonGzip.decode(Arrays.copyOf(object, object.length / 2)));
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> NdjsonGzip.decode("not gzip".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void aQuarantineRecordIsWrittenWithTheFieldNamesReadersUse() {
		QuarantineRecord record = QuarantineRecord.of("m-1", "projects/p/subscriptions/s",
				Instant.parse("2026-11-24T10:00:00Z"), 2,
				Map.of(QuarantineRecord.EVENT_TYPE_ATTRIBUTE, "order_completed"), Instant.parse("2026-11-24T10:00:01Z"),
				Stage.SCHEMA.wireName(),
				List.of(QuarantineRecord.Error.of(new ValidationError(Stage.SCHEMA, "/total_cents", "missing"))),
				"{}".getBytes(StandardCharsets.UTF_8), "rev-1");
		JsonNode json = this.codec.mapper().valueToTree(record);
		assertThat(json.get(QuarantineRecord.MESSAGE_ID).stringValue()).isEqualTo("m-1");
		assertThat(json.get(QuarantineRecord.PUBLISH_TIME).stringValue()).isEqualTo("2026-11-24T10:00:00.000Z");
		assertThat(json.get(QuarantineRecord.RECEIVED_AT).stringValue()).isEqualTo("2026-11-24T10:00:01.000Z");
		assertThat(json.get(QuarantineRecord.STAGE).stringValue()).isEqualTo("schema");
		assertThat(json.get(QuarantineRecord.ATTRIBUTES).get(QuarantineRecord.EVENT_TYPE_ATTRIBUTE).stringValue())
			.isEqualTo("order_completed");
		assertThat(json.get("errors").get(0).get("path").stringValue()).isEqualTo("/total_cents");
		assertThat(json.get(QuarantineRecord.PAYLOAD_BASE64).stringValue()).isEqualTo("e30=");
		assertThat(json.get("payload_text").stringValue()).isEqualTo("{}");
		assertThat(json.get("payload_bytes").longValue()).isEqualTo(2);
		assertThat(json.get("payload_sha256").stringValue())
			.isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
		assertThat(json.get(QuarantineRecord.PAYLOAD_TRUNCATED).booleanValue()).isFalse();
		assertThat(record.partitionTime()).isEqualTo(record.publishTime());
		assertThat(QuarantineRecord
			.of(null, null, null, null, Map.of(), Instant.parse("2026-11-25T01:00:00Z"), "envelope", List.of(),
					new byte[0], "rev-1")
			.partitionTime()).as("no publish time: the day it was received").isEqualTo("2026-11-25T01:00:00Z");
	}

	@Test
	void aQuarantineRecordStaysBoundedWhateverItHolds() {
		// The worst payload stored whole: 1 MiB of control characters, each escaped to
		// six
		// bytes in payload_text, beside Pub/Sub's attribute limits and a flood of errors.
		byte[] controls = new byte[QuarantineRecord.MAX_STORED_PAYLOAD_BYTES];
		Arrays.fill(controls, (byte) 1);
		Map<String, String> attributes = new HashMap<>();
		for (int i = 0; i < 500; i++) {
			attributes.put(i + "k".repeat(300), "\"".repeat(5_000));
		}
		List<QuarantineRecord.Error> errors = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			errors.add(new QuarantineRecord.Error("/" + "p".repeat(5_000), "\"".repeat(5_000)));
		}
		QuarantineRecord whole = QuarantineRecord.of("m".repeat(100_000), "s".repeat(100_000),
				Instant.parse("2026-11-24T10:00:00Z"), 1, attributes, Instant.parse("2026-11-24T10:00:01Z"), "json",
				errors, controls, "rev-1");
		byte[] line = this.codec.mapper().writeValueAsBytes(whole);
		assertThat(line.length).isLessThanOrEqualTo(QuarantineRecord.MAX_LINE_BYTES);
		assertThat(whole.payloadTruncated()).isFalse();
		assertThat(Base64.getDecoder().decode(whole.payloadBase64())).isEqualTo(controls);
		assertThat(whole.errors()).hasSize(QuarantineRecord.MAX_ERRORS + 1);
		assertThat(whole.errors().get(QuarantineRecord.MAX_ERRORS - 1).message())
			.isEqualTo("9901 more errors not stored");
		assertThat(whole.attributes()).hasSize(QuarantineRecord.MAX_ATTRIBUTES);

		// A payload over the limit: its prefix, length and hash.
		byte[] big = new byte[50 * 1_048_576];
		new Random(7).nextBytes(big);
		QuarantineRecord cut = QuarantineRecord.of("m-2", null, null, null, Map.of(),
				Instant.parse("2026-11-24T10:00:01Z"), "size", List.of(), big, "rev-1");
		assertThat(this.codec.mapper().writeValueAsBytes(cut).length).isLessThan(100_000);
		assertThat(cut.payloadTruncated()).isTrue();
		assertThat(cut.payloadBytes()).isEqualTo(big.length);
		assertThat(cut.payloadSha256()).isEqualTo(Sha256.hex(big)).hasSize(64);
		assertThat(Base64.getDecoder().decode(cut.payloadBase64()))
			.isEqualTo(Arrays.copyOf(big, QuarantineRecord.TRUNCATED_PREFIX_BYTES));
		assertThat(cut.errors()).singleElement()
			.satisfies((error) -> assertThat(error.message()).contains("cannot be replayed"));
	}

}
