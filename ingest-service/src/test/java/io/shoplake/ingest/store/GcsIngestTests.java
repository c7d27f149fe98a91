package io.shoplake.ingest.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.shoplake.events.EventCodec;
import io.shoplake.events.PageViewed;
import io.shoplake.ingest.IngestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.UseMainMethod;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest with {@code shoplake.ingest.store=gcs}, on Google's in-memory storage with
 * failures injected: the push contract holds on the GCS adapter as on the filesystem.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, useMainMethod = UseMainMethod.ALWAYS,
		properties = { "shoplake.ingest.store=gcs", "shoplake.ingest.lake-bucket=test-lake",
				"shoplake.ingest.quarantine-bucket=test-lake-quarantine", "shoplake.ingest.min-interval=20ms" })
class GcsIngestTests {

	private static final Instant PUBLISHED = Instant.parse("2026-11-24T10:00:00Z");

	@LocalServerPort
	int port;

	@Autowired
	FailingStorage storage;

	private final EventCodec codec = new EventCodec();

	@Test
	void eventsLandInTheBucketAndAStorageOutageIs503UntilItEnds() throws Exception {
		IngestClient client = new IngestClient(this.port);
		PageViewed event = IngestClient.pageView(Instant.parse("2026-11-24T09:59:59Z"));
		String envelope = IngestClient.envelope(this.codec.toBytes(event), "m-gcs-1", PUBLISHED);
		assertThat(client.post("/pubsub/push", envelope).statusCode()).isEqualTo(204);
		assertThat(client
			.post("/pubsub/push", IngestClient.envelope("{".getBytes(StandardCharsets.UTF_8), "m-gcs-bad", PUBLISHED))
			.statusCode()).isEqualTo(204);
		GcsObjectStore lake = new GcsObjectStore(this.storage.storage(), "test-lake");
		GcsObjectStore quarantine = new GcsObjectStore(this.storage.storage(), "test-lake-quarantine");
		assertThat(lake.list("events/")).allMatch((name) -> name.startsWith("events/year=2026/month=11/day=24/part-"));
		assertThat(ids(lake)).containsExactly(event.eventId().toString());
		assertThat(StoredLines.json(quarantine, "failed/")).extracting((line) -> line.get("stage").stringValue())
			.containsExactly("json");

		PageViewed second = IngestClient.pageView(Instant.parse("2026-11-24T09:59:59Z"));
		String secondEnvelope = IngestClient.envelope(this.codec.toBytes(second), "m-gcs-2", PUBLISHED);
		this.storage.down(true);
		try {
			var refused = client.post("/pubsub/push", secondEnvelope);
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.body()).contains("will be redelivered");
			assertThat(client.get("/actuator/health").body()).contains("\"status\":\"DOWN\"");
		}
		finally {
			this.storage.down(false);
		}
		assertThat(client.post("/pubsub/push", secondEnvelope).statusCode()).isEqualTo(204);
		assertThat(ids(lake)).containsExactlyInAnyOrder(event.eventId().toString(), second.eventId().toString());
		assertThat(client.get("/actuator/health").body()).contains("\"status\":\"UP\"");
	}

	private static List<String> ids(GcsObjectStore lake) throws Exception {
		return StoredLines.json(lake, "events/")
			.stream()
			.map((JsonNode line) -> line.get("event_id").stringValue())
			.toList();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class InMemoryStorage {

		@Bean
		FailingStorage failingStorage() {
			return new FailingStorage(LocalStorageHelper.getOptions().getService());
		}

		@Bean
		Storage storage(FailingStorage failing) {
			return failing.storage();
		}

	}

}
