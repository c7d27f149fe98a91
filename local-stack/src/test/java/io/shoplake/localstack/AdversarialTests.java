package io.shoplake.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import io.shoplake.events.Device;
import io.shoplake.events.EventCodec;
import io.shoplake.events.Geo;
import io.shoplake.events.PageViewed;
import io.shoplake.events.lake.QuarantineRecord;
import io.shoplake.events.push.PushMessage;
import io.shoplake.events.push.PushRequest;
import io.shoplake.transform.testing.LakeFiles;
import io.shoplake.transform.warehouse.DuckDbWarehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest and transform as a hostile or careless client finds them: every case is answered
 * with a clear status, each message lands in the lake or the quarantine (never nowhere,
 * never empty), and a warehouse built from everything acknowledged — plus a lake object
 * an older, less careful writer left — builds successfully, its rejects counted.
 */
class AdversarialTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final EventCodec codec = new EventCodec();

	@TempDir
	static Path data;

	private static LocalStack stack;

	private static String ingest;

	private static int ingestPort;

	@BeforeAll
	static void start() {
		stack = LocalStack.start("--data-dir=" + data, "--reset", "--traffic=off", "--server.port=0",
				"--shoplake.transform.schedule=-");
		ingest = LocalStack.url(stack.ingest());
		ingestPort = Integer.parseInt(stack.ingest().getEnvironment().getProperty("local.server.port"));
	}

	@AfterAll
	static void stop() {
		stack.close();
	}

	@Test
	void everyHostileMessageIsAnsweredAndStoredAndTheWarehouseStillBuilds() throws Exception {
		Instant now = Instant.now();
		Instant published = now.minusSeconds(60);
		Instant occurred = now.minusSeconds(120);

		// Times outside the contract's window: quarantined, never a lake partition.
		push("publish-year-10000", envelope(event(occurred), "m-y10000", Instant.parse("+10000-01-01T00:00:00Z")));
		push("publish-1999", envelope(event(occurred), "m-1999", Instant.parse("1999-12-31T23:00:00Z")));
		push("publish-2-days-ahead", envelope(event(occurred), "m-ahead", now.plus(Duration.ofDays(2))));
		push("occurred-year-1", envelope(event(Instant.parse("0001-01-01T00:00:00Z")), "m-year1", published));
		push("occurred-25h-ahead", envelope(event(now.plus(Duration.ofHours(25))), "m-occ-ahead", published));

		// Message ids: empty, missing, absurdly long.
		push("empty-message-id", envelope(event(occurred), "", published));
		push("missing-message-id", envelope(event(occurred), null, published));
		push("long-message-id", envelope(event(occurred), "m".repeat(300), published));

		// Conflicts: the same message id with other data; the same event id with other
		// content.
		PageViewed first = event(occurred);
		push("conflict-first", envelope(first, "m-conflict", published));
		push("conflict-same-message-id", envelope(event(occurred), "m-conflict", published));
		PageViewed sameId = new PageViewed(first.eventId(), 1, occurred, "ses_other", "anon_other", null,
				first.device(), first.geo(), "home", "/");
		push("conflict-same-event-id", envelope(sameId, "m-conflict-2", published));
		push("duplicate-publication", envelope(first, "m-duplicate", published));

		// Content types: JSON whatever is declared; multipart never loses the body.
		PageViewed formEvent = event(occurred);
		push("form-declared", envelope(formEvent, "m-form", published), "application/x-www-form-urlencoded", 204);
		PageViewed textEvent = event(occurred);
		push("text-declared", envelope(textEvent, "m-text", published), "text/plain", 204);
		String boundary = "----shoplake" + UUID.randomUUID();
		String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"envelope\"\r\n"
				+ "Content-Type: application/json\r\n\r\n" + envelope(event(occurred), "m-multipart", published)
				+ "\r\n--" + boundary + "--\r\n";
		push("multipart", multipart, "multipart/form-data; boundary=" + boundary, 204);

		// Sizes: a 5 MB payload in a 7 MB form-declared body, a 2 MB payload, 1.5 MB of
		// junk; all quarantined by a bounded prefix with length and hash.
		push("payload-5mb", envelopeOf(new byte[5_000_000], "m-5mb", published), "application/x-www-form-urlencoded",
				204);
		push("payload-2mb", envelopeOf("x".repeat(2_000_000).getBytes(StandardCharsets.UTF_8), "m-2mb", published));
		push("junk-body", "#".repeat(1_500_000), "application/json", 204);
		push("bad-base64", envelopeData("%%% not base64 %%%", "m-b64", published));

		// Over the body limit: 413 before buffering, declared or streamed.
		assertThat(rawPost("Content-Length: 20000000\r\n", null)).startsWith("HTTP/1.1 413");
		assertThat(rawPost("Transfer-Encoding: chunked\r\n", 20_000_000)).startsWith("HTTP/1.1 413");

		// Slow clients: 200 connections trickling a body hold no request thread.
		List<Socket> slow = new ArrayList<>();
		try {
			for (int i = 0; i < 200; i++) {
				Socket socket = new Socket("localhost", ingestPort);
				OutputStream out = socket.getOutputStream();
				out.write(("POST /pubsub/push HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Content-Length: 1000\r\n\r\n{\"message\":")
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				slow.add(socket);
			}
			long started = System.nanoTime();
			HttpResponse<String> health = Http.send("GET", ingest + "/actuator/health", null);
			long healthMs = (System.nanoTime() - started) / 1_000_000;
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(healthMs).as("health under 200 slow connections").isLessThan(1_000);
			PageViewed during = event(occurred);
			started = System.nanoTime();
			push("during-slow-clients", envelope(during, "m-during-slow", published));
			assertThat((System.nanoTime() - started) / 1_000_000).as("a valid push under 200 slow connections")
				.isLessThan(1_000);
		}
		finally {
			for (Socket socket : slow) {
				socket.close();
			}
		}

		// Where each went.
		Map<String, JsonNode> quarantined = quarantineByCase();
		assertThat(quarantined.get("publish-year-10000").get("stage").stringValue()).isEqualTo("envelope");
		assertThat(quarantined.get("publish-year-10000").get(QuarantineRecord.PUBLISH_TIME).isNull()).isTrue();
		assertThat(quarantined.get("publish-year-10000").at("/errors/0/message").stringValue()).contains("+10000");
		assertThat(quarantined.get("publish-1999").get("stage").stringValue()).isEqualTo("envelope");
		assertThat(quarantined.get("publish-2-days-ahead").get("stage").stringValue()).isEqualTo("envelope");
		assertThat(quarantined.get("occurred-year-1").get("stage").stringValue()).isEqualTo("semantic");
		assertThat(quarantined.get("occurred-25h-ahead").get("stage").stringValue()).isEqualTo("semantic");
		assertThat(quarantined.get("empty-message-id").get("stage").stringValue()).isEqualTo("envelope");
		assertThat(quarantined.get("missing-message-id").get("stage").stringValue()).isEqualTo("envelope");
		assertThat(quarantined.get("long-message-id").get("stage").stringValue()).isEqualTo("envelope");
		assertThat(quarantined.get("conflict-same-message-id").get("stage").stringValue()).isEqualTo("conflict");
		assertThat(quarantined.get("conflict-same-message-id").at("/errors/0/message").stringValue())
			.containsPattern("sha256 [0-9a-f]{64}.*sha256 [0-9a-f]{64}");
		assertThat(quarantined.get("conflict-same-event-id").get("stage").stringValue()).isEqualTo("conflict");
		assertThat(quarantined.get("payload-5mb").get("stage").stringValue()).isEqualTo("size");
		assertThat(quarantined.get("payload-5mb").get(QuarantineRecord.PAYLOAD_TRUNCATED).booleanValue()).isTrue();
		assertThat(quarantined.get("payload-5mb").get("payload_bytes").longValue()).isEqualTo(5_000_000);
		assertThat(quarantined.get("payload-2mb").get("stage").stringValue()).isEqualTo("size");
		assertThat(quarantined.get("bad-base64").get("stage").stringValue()).isEqualTo("base64");
		List<JsonNode> envelopes = quarantineLines().stream()
			.filter((line) -> "envelope".equals(line.get("stage").stringValue()))
			.toList();
		assertThat(envelopes).as("the multipart body is kept whole, the junk body as its prefix")
			.anySatisfy((line) -> assertThat(line.get("payload_text").stringValue()).contains("m-multipart"))
			.anySatisfy((line) -> {
				assertThat(line.get(QuarantineRecord.PAYLOAD_TRUNCATED).booleanValue()).isTrue();
				assertThat(line.get("payload_bytes").longValue()).isEqualTo(1_500_000);
			});
		assertThat(quarantineLines()).as("no record is stored empty")
			.allSatisfy((line) -> assertThat(line.get("payload_bytes").longValue()).isPositive());
		List<String> lake = lakeEventIds();
		assertThat(lake).contains(formEvent.eventId().toString(), textEvent.eventId().toString());
		assertThat(lake.stream().filter(first.eventId().toString()::equals))
			.as("the first copy, and its second publication with the same content")
			.hasSize(2);

		// A lake object an older writer left: lines no warehouse could type.
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		writeLegacyObject(today, List
			.of(codec.mapper().writeValueAsString(lakeLine(event(occurred), published)), "{\"event_id\":\""
					+ UUID.randomUUID() + "\",\"event_type\":\"page_viewed\",\"schema_version\":1,"
					+ "\"occurred_at\":\"2026-11-24T10:00:00.000Z\",\"_publish_time\":\"+10000-01-01T00:00:00.000Z\"}",
					"not JSON"));

		JsonNode run = Scenario.runTransform(LocalStack.url(stack.transform()));
		assertThat(run.get("status").stringValue()).as(run.toString()).isEqualTo("success");
		DuckDbWarehouse warehouse = stack.transform().getBean(DuckDbWarehouse.class);
		assertThat(count(warehouse, "SELECT count(*) AS n FROM raw_rejects")).isEqualTo(2);
		assertThat(count(warehouse,
				"SELECT sum(messages) AS n FROM fct_data_quality_daily WHERE stage = 'load' AND publish_date = DATE '"
						+ today + "'"))
			.isEqualTo(2);
		assertThat(count(warehouse, "SELECT count(*) AS n FROM raw_quarantine WHERE stage = 'conflict'")).isEqualTo(2);

		// A truncated record says it cannot be replayed; the replay answers for the rest.
		JsonNode replay = Http.expect(200, "POST", ingest + "/quarantine/replay",
				"{\"from\":\"" + today + "\",\"to\":\"" + today + "\",\"stage\":\"size\"}");
		assertThat(replay.get("examined").intValue()).isEqualTo(2);
		assertThat(replay.get("not_replayable").intValue()).isEqualTo(2);
		assertThat(replay.at("/not_replayable_reasons").toString()).contains("payload truncated");
	}

	private static long count(DuckDbWarehouse warehouse, String sql) {
		Object n = warehouse.query(sql, 1).get(0).get("n");
		return (n != null) ? ((Number) n).longValue() : 0;
	}

	private static PageViewed event(Instant occurredAt) {
		return new PageViewed(UUID.randomUUID(), 1, occurredAt, "ses_adversary", "anon_adversary", null,
				new Device("mobile", "iOS", "Safari"), new Geo("DE", "Bavaria", "Munich"), "product",
				"/p/maison-lune-clara-wrap-dress-sage");
	}

	private static String envelope(PageViewed event, String messageId, Instant publishTime) {
		return envelopeOf(codec.toBytes(event), messageId, publishTime);
	}

	private static String envelopeOf(byte[] payload, String messageId, Instant publishTime) {
		return envelopeData(Base64.getEncoder().encodeToString(payload), messageId, publishTime);
	}

	private static String envelopeData(String data, String messageId, Instant publishTime) {
		PushRequest request = new PushRequest(new PushMessage(data,
				Map.of("event_type", "page_viewed", "case", String.valueOf(messageId)), messageId, publishTime, null),
				"projects/p/subscriptions/push", 1);
		return codec.mapper().writeValueAsString(request);
	}

	private static Map<String, String> cases = new HashMap<>();

	private static void push(String name, String body) throws Exception {
		push(name, body, "application/json", 204);
	}

	private static void push(String name, String body, String contentType, int status) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ingest + "/pubsub/push"))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(status);
		JsonNode envelope = tryRead(body);
		if (envelope != null) {
			cases.put(envelope.at("/message/attributes/case").asString(""), name);
		}
	}

	private static JsonNode tryRead(String body) {
		try {
			return codec.mapper().readTree(body);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Posts by hand: headers, then {@code chunked} bytes in chunks (if not null); the
	 * answer is read as it comes, while the body is still being sent.
	 */
	private static String rawPost(String headers, Integer chunked) throws Exception {
		try (Socket socket = new Socket("localhost", ingestPort)) {
			socket.setSoTimeout(30_000);
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			Thread reader = new Thread(() -> {
				try {
					InputStream in = socket.getInputStream();
					byte[] buffer = new byte[4_096];
					int read;
					while (answer.size() < 12 && (read = in.read(buffer)) > 0) {
						synchronized (answer) {
							answer.write(buffer, 0, read);
						}
					}
				}
				catch (IOException ex) {
					// Closed after the answer.
				}
			}, "raw-post-reader");
			OutputStream out = socket.getOutputStream();
			out.write(("POST /pubsub/push HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + headers
					+ "\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			reader.start();
			if (chunked != null) {
				byte[] chunk = new byte[65_536];
				try {
					for (int sent = 0; sent < chunked; sent += chunk.length) {
						out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
						out.write(chunk);
						out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
					}
					out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
				catch (IOException ex) {
					// The server answered and closed before the body ended.
				}
			}
			reader.join(30_000);
			synchronized (answer) {
				return answer.toString(StandardCharsets.US_ASCII);
			}
		}
	}

	/** Quarantine records by the case whose envelope carried them (attribute "case"). */
	private static Map<String, JsonNode> quarantineByCase() throws IOException {
		Map<String, JsonNode> byCase = new HashMap<>();
		for (JsonNode line : quarantineLines()) {
			String name = cases.get(line.at("/attributes/case").asString("-"));
			if (name != null) {
				byCase.put(name, line);
			}
		}
		return byCase;
	}

	private static List<JsonNode> quarantineLines() throws IOException {
		return lines(data.resolve("quarantine/failed"));
	}

	private static List<String> lakeEventIds() throws IOException {
		return lines(data.resolve("lake/events")).stream().map((line) -> line.get("event_id").stringValue()).toList();
	}

	private static List<JsonNode> lines(Path folder) throws IOException {
		List<JsonNode> lines = new ArrayList<>();
		if (!Files.exists(folder)) {
			return lines;
		}
		try (Stream<Path> files = Files.walk(folder)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".ndjson.gz")).toList()) {
				try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
					for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
						if (!line.isBlank()) {
							lines.add(codec.mapper().readTree(line));
						}
					}
				}
			}
		}
		return lines;
	}

	private static Map<String, Object> lakeLine(PageViewed event, Instant published) {
		Map<String, Object> line = codec.mapper().convertValue(event, Map.class);
		line.put("_message_id", "m-legacy-" + event.eventId());
		line.put("_publish_time", published.truncatedTo(ChronoUnit.MILLIS).toString());
		line.put("_ingested_at", published.truncatedTo(ChronoUnit.MILLIS).toString());
		return line;
	}

	private static void writeLegacyObject(LocalDate day, List<String> lines) {
		LakeFiles.write(data.resolve("lake"), day, "part-legacy-00000001", lines.toArray(String[]::new));
	}

}
