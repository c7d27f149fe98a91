package io.shoplake.ingest.replay;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.shoplake.events.EventCodec;
import io.shoplake.events.PageViewed;
import io.shoplake.ingest.IngestClient;
import io.shoplake.ingest.MutableClock;
import io.shoplake.ingest.store.FilesystemObjectStore;
import io.shoplake.ingest.store.StoredLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.UseMainMethod;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replaying the quarantine over HTTP. The "fix" is time passing: an event dated two days
 * ahead fails the validator's 24 h future bound when it arrives and passes once the clock
 * has caught up, exactly as it would after the bound was relaxed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, useMainMethod = UseMainMethod.ALWAYS)
class ReplayTests {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private static final Instant PUBLISHED = Instant.parse("2026-11-25T11:59:00Z");

	@TempDir
	static Path data;

	/** The validator's and the replay's clock. */
	@TestBean
	Clock clock;

	@LocalServerPort
	int port;

	private final EventCodec codec = new EventCodec();

	static Clock clock() {
		return new MutableClock(NOW);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("shoplake.ingest.lake-directory", () -> data.resolve("lake").toString());
		registry.add("shoplake.ingest.quarantine-directory", () -> data.resolve("quarantine").toString());
		registry.add("shoplake.ingest.min-interval", () -> "20ms");
	}

	@Test
	void whatNowPassesMovesToTheLakeOnceAndTheRestStays() throws Exception {
		IngestClient client = new IngestClient(this.port);
		PageViewed early = IngestClient.pageView(NOW.plus(Duration.ofDays(2)));
		byte[] valid = this.codec.toBytes(IngestClient.pageView(NOW));
		String schemaBroken = new String(valid, StandardCharsets.UTF_8).replace("\"page_type\":\"product\"",
				"\"page_type\":\"about\"");
		assertThat(client.post("/pubsub/push", IngestClient.envelope(this.codec.toBytes(early), "m-early", PUBLISHED))
			.statusCode()).isEqualTo(204);
		assertThat(client
			.post("/pubsub/push",
					IngestClient.envelope(schemaBroken.getBytes(StandardCharsets.UTF_8), "m-schema", PUBLISHED))
			.statusCode()).isEqualTo(204);
		assertThat(client.post("/pubsub/push", "{\"message\":{\"data\":\"e30=\"}}").statusCode()).isEqualTo(204);
		assertThat(lakeIds()).doesNotContain(early.eventId().toString());
		// A corrupt object beside them (a partial copy, a disk error): skipped and named.
		Path corrupt = data.resolve("quarantine/failed/year=2026/month=11/day=25/part-corrupt-00000001.ndjson.gz");
		Files.createDirectories(corrupt.getParent());
		Files.writeString(corrupt, "not gzip");

		HttpResponseBody tooSoon = replay(client, "{\"from\":\"2026-11-25\",\"to\":\"2026-11-25\"}");
		assertThat(tooSoon.json().get("unreadable")).singleElement()
			.satisfies((entry) -> assertThat(entry.stringValue())
				.startsWith("failed/year=2026/month=11/day=25/part-corrupt-00000001.ndjson.gz: "));
		assertThat(tooSoon.json().get("replayed").intValue()).isZero();
		assertThat(tooSoon.json().get("still_invalid").intValue()).isEqualTo(2);
		assertThat(tooSoon.json().get("not_replayable").intValue()).as(tooSoon.json().toString()).isEqualTo(1);

		((MutableClock) this.clock).advance(Duration.ofDays(2));
		HttpResponseBody first = replay(client, "{\"from\":\"2026-11-24\",\"to\":\"2026-11-26\"}");
		assertThat(first.json().get("examined").intValue()).isEqualTo(3);
		assertThat(first.json().get("replayed").intValue()).as(first.json().toString()).isEqualTo(1);
		assertThat(first.json().get("still_invalid").intValue()).isEqualTo(1);
		assertThat(first.json().get("not_replayable").intValue()).isEqualTo(1);
		assertThat(first.json().get("lake_objects").get(0).stringValue())
			.startsWith("events/year=2026/month=11/day=25/replay-part-");
		JsonNode line = lakeLines().stream()
			.filter((l) -> l.get("event_id").stringValue().equals(early.eventId().toString()))
			.findFirst()
			.orElseThrow();
		assertThat(line.get("_message_id").stringValue()).isEqualTo("m-early");
		assertThat(line.get("_publish_time").stringValue()).isEqualTo("2026-11-25T11:59:00.000Z");
		assertThat(line.get("_ingested_at").stringValue()).isEqualTo("2026-11-27T12:00:00.000Z");

		HttpResponseBody second = replay(client, "{\"from\":\"2026-11-25\",\"to\":\"2026-11-25\"}");
		assertThat(second.json().get("replayed").intValue()).isZero();
		assertThat(second.json().get("already_replayed").intValue()).isEqualTo(1);
		assertThat(lakeIds()).filteredOn(early.eventId().toString()::equals).hasSize(1);

		// A replay that wrote its lake object and died before its marker: the next one
		// records the object instead of writing the event again.
		try (Stream<Path> markers = Files.walk(data.resolve("quarantine/replayed"))) {
			for (Path marker : markers.filter(Files::isRegularFile).toList()) {
				Files.delete(marker);
			}
		}
		HttpResponseBody recovered = replay(client, "{\"from\":\"2026-11-25\",\"to\":\"2026-11-25\"}");
		assertThat(recovered.json().get("replayed").intValue()).isZero();
		assertThat(recovered.json().get("already_replayed").intValue()).isEqualTo(1);
		assertThat(lakeIds()).filteredOn(early.eventId().toString()::equals).hasSize(1);

		HttpResponseBody onlySchema = replay(client,
				"{\"from\":\"2026-11-25\",\"to\":\"2026-11-25\",\"stage\":\"schema\"}");
		assertThat(onlySchema.json().get("examined").intValue()).isEqualTo(1);
		assertThat(onlySchema.json().get("still_invalid").intValue()).isEqualTo(1);
	}

	@Test
	void aRangeThatEndsBeforeItStartsIsAProblem() throws Exception {
		IngestClient client = new IngestClient(this.port);
		var response = client.post("/quarantine/replay", "{\"from\":\"2026-11-25\",\"to\":\"2026-11-24\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("is before from");
		var unknownStage = client.post("/quarantine/replay",
				"{\"from\":\"2026-11-24\",\"to\":\"2026-11-25\",\"stage\":\"vibes\"}");
		assertThat(unknownStage.statusCode()).isEqualTo(400);
		assertThat(unknownStage.body()).contains("unknown stage 'vibes'");
		assertThat(client.post("/quarantine/replay", "{\"from\":\"2026-11-24\"}").statusCode()).isEqualTo(400);
	}

	private HttpResponseBody replay(IngestClient client, String body) throws Exception {
		var response = client.post("/quarantine/replay", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return new HttpResponseBody(this.codec.readTree(response.body().getBytes(StandardCharsets.UTF_8)));
	}

	private List<JsonNode> lakeLines() throws Exception {
		return StoredLines.json(new FilesystemObjectStore(data.resolve("lake")), "events");
	}

	private List<String> lakeIds() throws Exception {
		return lakeLines().stream().map((l) -> l.get("event_id").stringValue()).toList();
	}

	private record HttpResponseBody(JsonNode json) {
	}

}
