package io.shoplake.ingest.push;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.shoplake.events.EventCodec;
import io.shoplake.events.SampleEvents;
import io.shoplake.events.push.PushMessage;
import io.shoplake.events.push.PushRequest;
import io.shoplake.events.validation.InvalidPayloads;
import io.shoplake.events.validation.Stage;
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
 * The validator's whole invalid-payload corpus, pushed through the endpoint: every one
 * acknowledged, quarantined at its stage (payloads over the size limit at {@code size},
 * before parsing), none in the lake.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, useMainMethod = UseMainMethod.ALWAYS)
class IngestCorpusTests {

	@TempDir
	static Path data;

	/** The corpus dates its events around {@link SampleEvents#NOW}. */
	@TestBean
	Clock clock;

	@LocalServerPort
	int port;

	private final EventCodec codec = new EventCodec();

	static Clock clock() {
		return Clock.fixed(SampleEvents.NOW, ZoneOffset.UTC);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("shoplake.ingest.lake-directory", () -> data.resolve("lake").toString());
		registry.add("shoplake.ingest.quarantine-directory", () -> data.resolve("quarantine").toString());
		registry.add("shoplake.ingest.min-interval", () -> "20ms");
	}

	@Test
	void everyInvalidPayloadIsAcknowledgedAndQuarantinedAtItsStage() throws Exception {
		List<InvalidPayloads.Case> corpus = InvalidPayloads.all();
		assertThat(corpus).hasSizeGreaterThanOrEqualTo(40);
		HttpClient http = HttpClient.newHttpClient();
		Map<String, InvalidPayloads.Case> byMessageId = new HashMap<>();
		for (int i = 0; i < corpus.size(); i++) {
			String messageId = "corpus-" + i;
			byMessageId.put(messageId, corpus.get(i));
			PushRequest envelope = new PushRequest(
					PushMessage.of(corpus.get(i).payload(), Map.of(), messageId, Instant.parse("2026-11-25T11:00:00Z")),
					"projects/p/subscriptions/push", 1);
			HttpResponse<String> response = http
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/pubsub/push"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofByteArray(this.codec.mapper().writeValueAsBytes(envelope)))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(corpus.get(i).name()).isEqualTo(204);
		}
		Map<String, JsonNode> quarantined = new HashMap<>();
		for (JsonNode record : StoredLines.json(new FilesystemObjectStore(data.resolve("quarantine")), "failed")) {
			quarantined.put(record.get("message_id").stringValue(), record);
		}
		for (Map.Entry<String, InvalidPayloads.Case> entry : byMessageId.entrySet()) {
			InvalidPayloads.Case c = entry.getValue();
			JsonNode record = quarantined.get(entry.getKey());
			assertThat(record).as("quarantined: %s", c.name()).isNotNull();
			Stage expected = (c.payload().length > 1024 * 1024) ? Stage.SIZE : c.stage();
			assertThat(record.get("stage").stringValue()).as(c.name()).isEqualTo(expected.wireName());
			if (expected == c.stage() && c.path() != null) {
				List<String> paths = new ArrayList<>();
				record.get("errors").forEach((error) -> paths.add(error.get("path").stringValue()));
				assertThat(paths).as(c.name()).contains(c.path());
			}
		}
		assertThat(StoredLines.json(new FilesystemObjectStore(data.resolve("lake")), "events")).isEmpty();
	}

}
