package io.shoplake.ingest.push;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.shoplake.events.Device;
import io.shoplake.events.EventCodec;
import io.shoplake.events.Geo;
import io.shoplake.events.PageViewed;
import io.shoplake.events.push.PushMessage;
import io.shoplake.events.push.PushRequest;
import io.shoplake.ingest.store.FilesystemObjectStore;
import io.shoplake.ingest.store.ObjectStore;
import io.shoplake.ingest.store.StoredLines;
import io.shoplake.ingest.store.SwitchableObjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.UseMainMethod;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.boot.webmvc.actuate.endpoint.web.AbstractWebMvcEndpointHandlerMapping;
import org.springframework.boot.webmvc.actuate.endpoint.web.ControllerEndpointHandlerMapping;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push endpoint over HTTP, on the filesystem stores, with a lake store that can be
 * made to fail.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, useMainMethod = UseMainMethod.ALWAYS)
class PushEndpointTests {

	private static final Instant PUBLISHED = Instant.parse("2026-11-24T23:59:58.123Z");

	@TempDir
	static Path data;

	private final HttpClient http = HttpClient.newHttpClient();

	private final EventCodec codec = new EventCodec();

	@LocalServerPort
	int port;

	/** The lake store, which a test can take down. */
	@TestBean
	ObjectStore lakeStore;

	private static SwitchableObjectStore lake;

	@Autowired
	List<AbstractWebMvcEndpointHandlerMapping> actuatorMappings;

	@Autowired
	List<ControllerEndpointHandlerMapping> actuatorControllerMappings;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping applicationMappings;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("shoplake.ingest.lake-directory", () -> data.resolve("lake").toString());
		registry.add("shoplake.ingest.quarantine-directory", () -> data.resolve("quarantine").toString());
		registry.add("shoplake.ingest.min-interval", () -> "20ms");
		registry.add("shoplake.ingest.push-timeout", () -> "5s");
		registry.add("shoplake.ingest.benchmark-endpoints", () -> "true");
	}

	@BeforeEach
	void storeUp() {
		lake.down(false);
		lake.hold(false);
	}

	@Test
	void aValidEventIsWrittenToTheLakeWithIngestionFieldsBeforeThe204() throws Exception {
		PageViewed event = pageView();
		HttpResponse<String> response = push(envelope(this.codec.toBytes(event), "m-valid-1"));
		assertThat(response.statusCode()).isEqualTo(204);
		JsonNode line = lakeLines().stream()
			.filter((l) -> l.get("event_id").stringValue().equals(event.eventId().toString()))
			.findFirst()
			.orElseThrow();
		assertThat(line.get("_message_id").stringValue()).isEqualTo("m-valid-1");
		assertThat(line.get("_publish_time").stringValue()).isEqualTo("2026-11-24T23:59:58.123Z");
		assertThat(line.get("_ingested_at").stringValue()).isNotBlank();
		assertThat(line.get("url").stringValue()).isEqualTo("/p/prd_00042");
		assertThat(lakeObjects()).allMatch((name) -> name.startsWith("events/year=2026/month=11/day=24/part-"));
	}

	@ParameterizedTest(name = "dead-letter policy: {0}")
	@ValueSource(booleans = { true, false })
	void theDocumentedPushBodyLandsWithItsDeliveryAttemptAndUnknownFieldsIgnored(boolean deadLetterPolicy)
			throws Exception {
		// The push body as Pub/Sub documents it: both spellings of the ids, an ordering
		// key, a delivery attempt only when the subscription has a dead-letter policy,
		// and
		// fields Google might add tomorrow (in the message and in the envelope).
		PageViewed event = pageView();
		String messageId = "m-doc-" + deadLetterPolicy;
		String data = Base64.getEncoder().encodeToString(this.codec.toBytes(event));
		String body = """
				{"message": {"attributes": {"event_type": "page_viewed"}, "data": "%s",
				  "messageId": "%s", "message_id": "%s",
				  "publishTime": "2026-11-24T23:59:58.123456789Z", "publish_time": "2026-11-24T23:59:58.123456789Z",
				  "orderingKey": "", "someFutureField": {"nested": true}},
				 "subscription": "projects/p/subscriptions/push"%s, "anotherNewField": 1}
				""".formatted(data, messageId, messageId, deadLetterPolicy ? ", \"deliveryAttempt\": 2" : "");
		assertThat(push(body.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(204);
		JsonNode line = lakeLines().stream()
			.filter((l) -> l.get("event_id").stringValue().equals(event.eventId().toString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("not in the lake: " + messageId));
		assertThat(line.get("_message_id").stringValue()).isEqualTo(messageId);
		assertThat(line.get("_publish_time").stringValue()).isEqualTo("2026-11-24T23:59:58.123Z");
		if (deadLetterPolicy) {
			assertThat(line.get("_delivery_attempt").intValue()).isEqualTo(2);
		}
		else {
			assertThat(line.get("_delivery_attempt").isNull()).as("no attempt counted").isTrue();
		}
		assertThat(quarantineLines()).noneMatch((q) -> messageId.equals(q.path("message_id").asString(null)));
	}

	@Test
	void badDataIsAcknowledgedAndQuarantinedWithItsStage() throws Exception {
		byte[] valid = this.codec.toBytes(pageView());
		String goodData = Base64.getEncoder().encodeToString(valid);
		Map<String, String> cases = new java.util.LinkedHashMap<>();
		cases.put("m-env-1|envelope", "this is not json");
		cases.put("m-env-2|envelope", "{\"subscription\":\"s\"}");
		cases.put("m-env-3|envelope",
				"{\"message\":{\"data\":\"" + goodData + "\",\"publishTime\":\"2026-11-24T10:00:00Z\"}}");
		cases.put("m-b64|base64",
				"{\"message\":{\"data\":\"***\",\"attributes\":{\"event_type\":\"page_viewed\"},"
						+ "\"message_id\":\"m-b64\",\"publish_time\":\"2026-11-24T10:00:00Z\"},"
						+ "\"subscription\":\"projects/p/subscriptions/push\",\"deliveryAttempt\":1}");
		cases.put("m-empty|json", envelopeJson(new byte[0], "m-empty"));
		cases.put("m-text|json", envelopeJson("hello".getBytes(StandardCharsets.UTF_8), "m-text"));
		cases.put("m-schema|schema",
				envelopeJson(new String(valid, StandardCharsets.UTF_8)
					.replace("\"page_type\":\"product\"", "\"page_type\":\"about\"")
					.getBytes(StandardCharsets.UTF_8), "m-schema"));
		cases.put("m-semantic|semantic",
				envelopeJson(new String(valid, StandardCharsets.UTF_8).replace("\"page_viewed\"", "\"page_visited\"")
					.getBytes(StandardCharsets.UTF_8), "m-semantic"));
		byte[] big = new byte[1_200_000];
		java.util.Arrays.fill(big, (byte) 'x');
		cases.put("m-size|size", envelopeJson(big, "m-size"));
		for (Map.Entry<String, String> c : cases.entrySet()) {
			assertThat(push(c.getValue().getBytes(StandardCharsets.UTF_8)).statusCode()).as(c.getKey()).isEqualTo(204);
		}
		List<JsonNode> quarantined = quarantineLines();
		for (String key : cases.keySet()) {
			String messageId = key.substring(0, key.indexOf('|'));
			String stage = key.substring(key.indexOf('|') + 1);
			if (messageId.startsWith("m-env")) {
				continue;
			}
			JsonNode record = quarantined.stream()
				.filter((q) -> messageId.equals(q.path("message_id").asString(null)))
				.findFirst()
				.orElseThrow(() -> new AssertionError("not quarantined: " + key));
			assertThat(record.get("stage").stringValue()).as(key).isEqualTo(stage);
			assertThat(record.get("errors")).as(key).isNotEmpty();
			assertThat(record.get("payload_base64").isString()).isTrue();
			assertThat(record.get("service_revision").stringValue()).isEqualTo("local");
			assertThat(record.get("subscription").stringValue()).isEqualTo("projects/p/subscriptions/push");
			assertThat(record.get("delivery_attempt").intValue()).isEqualTo(1);
			assertThat(record.get("attributes").get("event_type").stringValue()).isEqualTo("page_viewed");
		}
		assertThat(quarantined.stream().filter((q) -> "envelope".equals(q.get("stage").stringValue())).count())
			.isGreaterThanOrEqualTo(3);
		java.util.Set<String> rejected = new java.util.HashSet<>();
		cases.keySet().forEach((key) -> rejected.add(key.substring(0, key.indexOf('|'))));
		assertThat(lakeLines()).noneMatch((l) -> rejected.contains(l.get("_message_id").stringValue()));
	}

	@Test
	void whenTheLakeFailsThePushIs503AndNotQuarantinedAndTheRetryLandsOnce() throws Exception {
		PageViewed event = pageView();
		byte[] body = envelope(this.codec.toBytes(event), "m-ok-1");
		lake.down(true);
		HttpResponse<String> failed = push(body);
		assertThat(failed.statusCode()).isEqualTo(503);
		assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(quarantineLines()).noneMatch((q) -> "m-ok-1".equals(q.path("message_id").asString(null)));
		HttpResponse<String> down = get("/actuator/health");
		assertThat(down.statusCode()).isEqualTo(503);
		assertThat(down.body()).contains("\"status\":\"DOWN\"");
		lake.down(false);
		assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
		assertThat(push(body).statusCode()).isEqualTo(204);
		assertThat(lakeLines()).filteredOn((l) -> l.get("event_id").stringValue().equals(event.eventId().toString()))
			.hasSize(1);
	}

	@Test
	void aPushTheStoreDoesNotConfirmWithinThePushTimeoutIs503AndItsRedeliveryLandsOnce() throws Exception {
		PageViewed event = pageView();
		byte[] body = envelope(this.codec.toBytes(event), "m-held-1");
		lake.hold(true);
		HttpResponse<String> unconfirmed;
		try {
			unconfirmed = push(body);
		}
		finally {
			lake.hold(false);
		}
		assertThat(unconfirmed.statusCode()).isEqualTo(503);
		assertThat(unconfirmed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(unconfirmed.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(unconfirmed.body()).contains("did not confirm the message within 5000 ms");
		// Not acknowledged, so the bus delivers it again: answered once the held write is
		// durable, and written once.
		assertThat(push(body).statusCode()).isEqualTo(204);
		assertThat(lakeLines()).filteredOn((l) -> l.get("event_id").stringValue().equals(event.eventId().toString()))
			.hasSize(1);
	}

	@Test
	void thePushEndpointsAreDocumentedTimedByRouteCarryTheSecurityHeadersAndAnswerOtherMethodsWithAProblem()
			throws Exception {
		JsonNode paths = this.codec.readTree(get("/v3/api-docs").body().getBytes(StandardCharsets.UTF_8)).get("paths");
		assertThat(paths.path("/pubsub/push").path("post").path("responses").propertyNames()).contains("204", "503");
		assertThat(paths.path("/pubsub/push:batch").path("post").path("responses").propertyNames()).contains("200");

		HttpResponse<String> wrongMethod = get("/pubsub/push");
		assertThat(wrongMethod.statusCode()).isEqualTo(405);
		assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
		assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValue("application/problem+json");

		HttpResponse<String> pushed = push(envelope(this.codec.toBytes(pageView()), "m-timed-1"));
		assertThat(pushed.statusCode()).isEqualTo(204);
		// Without authentication (the local profile), the security chain still sets its
		// headers on every answer.
		for (HttpResponse<String> answer : List.of(pushed, wrongMethod, get("/actuator/health"))) {
			assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(answer.uri().getPath())
				.hasValue("nosniff");
			assertThat(answer.headers().firstValue("X-Frame-Options")).as(answer.uri().getPath()).hasValue("DENY");
			assertThat(answer.headers().firstValue("Cache-Control")).as(answer.uri().getPath())
				.hasValueSatisfying((value) -> assertThat(value).contains("no-store"));
		}
		assertThat(get("/actuator/prometheus").body().lines())
			.anyMatch((line) -> line.startsWith("http_server_requests_seconds_count{")
					&& line.contains("status=\"204\"") && line.contains("uri=\"/pubsub/push\""));
	}

	@Test
	void theActuatorIsLookedUpAfterTheApplicationAndAnswersAsBefore() throws Exception {
		// Looked up after the application's routes (a request MVC serves no longer fails
		// a
		// lookup among the actuator's first)...
		assertThat(this.actuatorMappings).isNotEmpty()
			.allSatisfy((mapping) -> assertThat(mapping.getOrder()).isGreaterThan(this.applicationMappings.getOrder()));
		// ...and still answering its own routes, its probes, its 405s and 404s.
		assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);
		HttpResponse<String> delete = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health"))
				.DELETE()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(delete.statusCode()).isEqualTo(405);
		assertThat(delete.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		HttpResponse<String> unknown = get("/actuator/nothing-here");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void aRedeliveredMessageIsWrittenOnceAndASecondPublicationAgain() throws Exception {
		PageViewed event = pageView();
		byte[] payload = this.codec.toBytes(event);
		assertThat(push(envelope(payload, "m-dup-1")).statusCode()).isEqualTo(204);
		assertThat(push(envelope(payload, "m-dup-1")).statusCode()).isEqualTo(204);
		assertThat(lakeLines()).filteredOn((l) -> l.get("event_id").stringValue().equals(event.eventId().toString()))
			.as("a redelivery: the same message")
			.hasSize(1);
		assertThat(push(envelope(payload, "m-dup-2")).statusCode()).isEqualTo(204);
		assertThat(lakeLines()).filteredOn((l) -> l.get("event_id").stringValue().equals(event.eventId().toString()))
			.as("the same event published again is another message, with its own publish time")
			.extracting((l) -> l.get("_message_id").stringValue())
			.containsExactlyInAnyOrder("m-dup-1", "m-dup-2");
	}

	@Test
	void theBenchmarksNoOpReadsTheBodyAndStoresNothing() throws Exception {
		List<String> lakeBefore = lakeObjects();
		int quarantinedBefore = quarantineLines().size();
		HttpResponse<String> answer = push(envelope(this.codec.toBytes(pageView()), "m-noop-1"), "/benchmark/noop");
		assertThat(answer.statusCode()).isEqualTo(204);
		assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		// Served only when asked for: not in the API's documentation.
		assertThat(get("/v3/api-docs").body()).doesNotContain("/benchmark/noop");
		assertThat(lakeObjects()).isEqualTo(lakeBefore);
		assertThat(quarantineLines()).hasSize(quarantinedBefore);
	}

	@Test
	void aBatchAnswersEachEnvelopeInOrder() throws Exception {
		PageViewed first = pageView();
		PageViewed second = pageView();
		String batch = " [" + envelopeJson(this.codec.toBytes(first), "m-batch-1") + " ,\n"
				+ envelopeJson("nope".getBytes(StandardCharsets.UTF_8), "m-batch-2")
				+ ",{ \"message\" : 42 },\"a \\\"string\\\" élément\",[1,[2]],"
				+ envelopeJson(this.codec.toBytes(second), "m-batch-4") + "] ";
		HttpResponse<String> response = push(batch.getBytes(StandardCharsets.UTF_8), "/pubsub/push:batch");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.codec.readTree(response.body().getBytes(StandardCharsets.UTF_8)).get("statuses").toString())
			.isEqualTo("[204,204,204,204,204,204]");
		assertThat(lakeLines()).extracting((l) -> l.get("_message_id").stringValue())
			.contains("m-batch-1", "m-batch-4")
			.doesNotContain("m-batch-2");
		assertThat(quarantineLines()).anyMatch((q) -> "m-batch-2".equals(q.path("message_id").asString(null))
				&& "json".equals(q.get("stage").stringValue()));
		// A bad envelope is quarantined as the bytes it had in the batch.
		assertThat(quarantineLines()).filteredOn((q) -> "envelope".equals(q.get("stage").stringValue()))
			.extracting((q) -> q.get("payload_text").stringValue())
			.contains("{ \"message\" : 42 }", "\"a \\\"string\\\" élément\"", "[1,[2]]");

		// A body that is not one array is one bad envelope, kept whole.
		for (String notABatch : List.of("{\"message\":{}}", "[{}] [{}]", "[{}", "")) {
			HttpResponse<String> answer = push(notABatch.getBytes(StandardCharsets.UTF_8), "/pubsub/push:batch");
			assertThat(this.codec.readTree(answer.body().getBytes(StandardCharsets.UTF_8)).get("statuses").toString())
				.as(notABatch)
				.isEqualTo("[204]");
		}
		assertThat(quarantineLines()).filteredOn((q) -> "envelope".equals(q.get("stage").stringValue()))
			.extracting((q) -> q.get("payload_text").asString(""))
			.contains("{\"message\":{}}", "[{}] [{}]", "[{}");

		lake.down(true);
		HttpResponse<String> failed = push(("[" + envelopeJson(this.codec.toBytes(pageView()), "m-batch-5") + "]")
			.getBytes(StandardCharsets.UTF_8), "/pubsub/push:batch");
		assertThat(this.codec.readTree(failed.body().getBytes(StandardCharsets.UTF_8)).get("statuses").toString())
			.isEqualTo("[503]");
	}

	@Test
	void tenThousandEventsWithFivePercentRedeliveriesLandExactlyOnce() throws Exception {
		java.util.Random random = new java.util.Random(5);
		List<String> envelopes = new ArrayList<>();
		java.util.Set<String> ids = new java.util.HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			PageViewed event = pageView();
			ids.add(event.eventId().toString());
			byte[] payload = this.codec.toBytes(event);
			envelopes.add(envelopeJson(payload, "m-bulk-" + i));
			if (random.nextDouble() < 0.05) {
				// Pub/Sub redelivers under the same message id.
				envelopes.add(envelopeJson(payload, "m-bulk-" + i));
			}
		}
		java.util.Collections.shuffle(envelopes, random);
		for (int from = 0; from < envelopes.size(); from += 500) {
			String batch = "[" + String.join(",", envelopes.subList(from, Math.min(envelopes.size(), from + 500)))
					+ "]";
			HttpResponse<String> response = push(batch.getBytes(StandardCharsets.UTF_8), "/pubsub/push:batch");
			assertThat(response.body()).doesNotContain("503");
		}
		List<String> stored = lakeLines().stream()
			.map((line) -> line.get("event_id").stringValue())
			.filter(ids::contains)
			.toList();
		assertThat(envelopes).hasSizeGreaterThan(10_400);
		assertThat(stored).hasSize(10_000).doesNotHaveDuplicates();
	}

	private PageViewed pageView() {
		return new PageViewed(UUID.randomUUID(), 1, Instant.parse("2026-11-24T23:59:50.000Z"), "ses_1", "anon_1", null,
				new Device("mobile", "iOS", "Safari"), new Geo("DE", "Bavaria", "Munich"), "product", "/p/prd_00042");
	}

	private byte[] envelope(byte[] payload, String messageId) {
		return envelopeJson(payload, messageId).getBytes(StandardCharsets.UTF_8);
	}

	private String envelopeJson(byte[] payload, String messageId) {
		PushRequest request = new PushRequest(
				PushMessage.of(payload, Map.of("event_type", "page_viewed"), messageId, PUBLISHED),
				"projects/p/subscriptions/push", 1);
		return this.codec.mapper().writeValueAsString(request);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> push(byte[] body) throws Exception {
		return push(body, "/pubsub/push");
	}

	private HttpResponse<String> push(byte[] body, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private List<String> lakeObjects() throws IOException {
		return new FilesystemObjectStore(data.resolve("lake")).list("events");
	}

	private List<JsonNode> lakeLines() throws IOException {
		return StoredLines.json(new FilesystemObjectStore(data.resolve("lake")), "events");
	}

	private List<JsonNode> quarantineLines() throws IOException {
		return StoredLines.json(new FilesystemObjectStore(data.resolve("quarantine")), "failed");
	}

	static ObjectStore lakeStore() {
		lake = new SwitchableObjectStore(new FilesystemObjectStore(data.resolve("lake")));
		return lake;
	}

}
