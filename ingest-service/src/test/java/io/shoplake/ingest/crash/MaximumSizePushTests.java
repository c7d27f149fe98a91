package io.shoplake.ingest.crash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import io.shoplake.events.EventCodec;
import io.shoplake.events.lake.NdjsonGzip;
import io.shoplake.events.push.PushMessage;
import io.shoplake.events.push.PushRequest;
import io.shoplake.ingest.IngestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest in its own process with the heap of a small Cloud Run instance
 * ({@code -Xmx768m}), taking 8 concurrent pushes of the largest body it reads (each a
 * Pub/Sub message of nearly 10 MB), twice over, then a body over the limit: each is
 * answered (204, quarantined by a bounded prefix; 413 for the one over), the process
 * never runs out of memory, and its heap after a collection is back near where it
 * started.
 */
class MaximumSizePushTests {

	private static final int LIMIT = 14_680_064;

	@TempDir
	Path data;

	private final EventCodec codec = new EventCodec();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void eightConcurrentMaximumSizePushesFitInASmallHeap() throws Exception {
		int port = ForkedIngest.freePort();
		Path log = this.data.resolve("ingest.log");
		Process ingest = ForkedIngest.start(this.data, port, "768m", log);
		try {
			IngestClient client = new IngestClient(port);
			ForkedIngest.awaitReady(port, ingest);
			// The largest payload whose envelope still fits the body limit.
			byte[] payload = new byte[10_000_000];
			new Random(17).nextBytes(payload);
			List<String> bodies = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				payload[0] = (byte) i;
				String body = this.codec.mapper()
					.writeValueAsString(new PushRequest(PushMessage.of(payload, Map.of("event_type", "page_viewed"),
							"m-big-" + i, Instant.now().minusSeconds(5)), "projects/p/subscriptions/push", 1));
				assertThat(body.length()).isBetween(13_000_000, LIMIT);
				bodies.add(body);
			}
			long before = heapAfterCollection(ingest, port);
			int busy = 0;
			for (int round = 0; round < 2; round++) {
				// As the bus does: what is not acknowledged (503) is delivered again.
				List<String> pending = new ArrayList<>(bodies);
				while (!pending.isEmpty()) {
					List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
					for (String body : pending) {
						answers.add(this.http
							.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/pubsub/push"))
								.header("Content-Type", "application/json")
								.timeout(Duration.ofSeconds(60))
								.POST(HttpRequest.BodyPublishers.ofString(body))
								.build(), HttpResponse.BodyHandlers.ofString()));
					}
					List<String> again = new ArrayList<>();
					for (int i = 0; i < answers.size(); i++) {
						HttpResponse<String> answer;
						try {
							answer = answers.get(i).get();
						}
						catch (ExecutionException ex) {
							// Turned away before the body was sent whole (503 and close):
							// the
							// connection broke under the client. Not acknowledged either
							// way;
							// the bus delivers it again.
							assertThat(ex.getCause()).isInstanceOf(IOException.class);
							again.add(pending.get(i));
							busy++;
							continue;
						}
						if (answer.statusCode() == 503) {
							assertThat(answer.headers().firstValue("Retry-After")).isPresent();
							again.add(pending.get(i));
							busy++;
						}
						else {
							HttpResponse<String> stored = answer;
							assertThat(stored.statusCode()).as(() -> stored.body() + "\n" + tail(log)).isEqualTo(204);
						}
					}
					pending = again;
				}
			}
			assertThat(busy).as("some were told to come back: memory is budgeted").isPositive();
			assertThat(quarantined()).as("every message quarantined (by a bounded prefix), each round")
				.hasSize(16)
				.allSatisfy((line) -> assertThat(line).contains("\"payload_truncated\":true"));
			HttpResponse<String> over = client.post("/pubsub/push", bodies.get(0) + " ".repeat(LIMIT));
			assertThat(over.statusCode()).isEqualTo(413);
			assertThat(over.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(ingest.isAlive()).isTrue();
			assertThat(client.get("/actuator/health").body()).contains("\"status\":\"UP\"");
			long after = heapAfterCollection(ingest, port);
			assertThat(after).as("heap after a full collection (bytes); before the pushes " + before)
				.isLessThan(before + (64L << 20));
		}
		finally {
			ingest.destroy();
			ingest.waitFor();
		}
		assertThat(Files.readString(log, StandardCharsets.UTF_8)).doesNotContain("OutOfMemoryError");
	}

	/**
	 * Heap in use after a full collection of {@code process} (run with the JDK's
	 * {@code jcmd}), as the process itself reports it.
	 */
	private long heapAfterCollection(Process process, int port) throws Exception {
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		Process gc = new ProcessBuilder(jcmd, String.valueOf(process.pid()), "GC.run").redirectErrorStream(true)
			.start();
		gc.getInputStream().readAllBytes();
		assertThat(gc.waitFor()).isZero();
		long used = 0;
		for (String line : new IngestClient(port).get("/actuator/prometheus").body().split("\n")) {
			if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
				used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		assertThat(used).isPositive();
		return used;
	}

	private List<String> quarantined() throws IOException {
		List<String> records = new ArrayList<>();
		try (Stream<Path> files = Files.walk(this.data.resolve("quarantine"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".ndjson.gz")).toList()) {
				records.addAll(NdjsonGzip.decode(Files.readAllBytes(file)));
			}
		}
		return records;
	}

	private static String tail(Path log) {
		try {
			String text = Files.readString(log, StandardCharsets.UTF_8);
			return text.substring(Math.max(0, text.length() - 4_000));
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

}
