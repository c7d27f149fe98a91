package io.shoplake.ingest.crash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.shoplake.events.EventCodec;
import io.shoplake.events.PageViewed;
import io.shoplake.ingest.IngestClient;
import io.shoplake.ingest.store.FilesystemObjectStore;
import io.shoplake.ingest.store.StoredLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingest in its own process, killed with SIGKILL (no shutdown hook, no flush) while 64
 * pushes are in flight: every event that was answered 204 is in the lake afterwards, and
 * a restarted process on the same folders takes pushes again.
 */
class KillDuringLoadTests {

	private static final Instant PUBLISHED = Instant.parse("2026-11-24T10:00:00Z");

	@TempDir
	Path data;

	private final EventCodec codec = new EventCodec();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void nothingAnswered204IsLostWhenTheProcessIsKilled() throws Exception {
		int port = ForkedIngest.freePort();
		Process ingest = start(port);
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		AtomicBoolean killed = new AtomicBoolean();
		try {
			awaitReady(port, ingest);
			CountDownLatch enoughAcks = new CountDownLatch(2_000);
			Semaphore inFlight = new Semaphore(64);
			Thread load = new Thread(() -> {
				while (!killed.get()) {
					inFlight.acquireUninterruptibly();
					PageViewed event = IngestClient.pageView(Instant.parse("2026-11-24T09:59:59Z"));
					String id = event.eventId().toString();
					this.http
						.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/pubsub/push"))
							.header("Content-Type", "application/json")
							.POST(HttpRequest.BodyPublishers
								.ofString(IngestClient.envelope(this.codec.toBytes(event), "m-" + id, PUBLISHED)))
							.build(), HttpResponse.BodyHandlers.discarding())
						.whenComplete((response, error) -> {
							if (error == null && response.statusCode() == 204) {
								acknowledged.add(id);
								enoughAcks.countDown();
							}
							inFlight.release();
						});
				}
			}, "load");
			load.start();
			assertThat(enoughAcks.await(120, TimeUnit.SECONDS)).as("2,000 pushes acknowledged").isTrue();
			ingest.destroyForcibly();
			killed.set(true);
			assertThat(ingest.waitFor(30, TimeUnit.SECONDS)).isTrue();
			load.join();
			// Let the client see every response the dead process can still have sent.
			inFlight.acquire(64);
		}
		finally {
			ingest.destroyForcibly();
		}
		Set<String> inLake = lakeIds();
		assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(2_000);
		Set<String> missing = new HashSet<>(acknowledged);
		missing.removeAll(inLake);
		assertThat(missing).as("acknowledged but not in the lake").isEmpty();

		Process restarted = start(port);
		try {
			awaitReady(port, restarted);
			PageViewed after = IngestClient.pageView(Instant.parse("2026-11-24T09:59:59Z"));
			assertThat(new IngestClient(port)
				.post("/pubsub/push", IngestClient.envelope(this.codec.toBytes(after), "m-after", PUBLISHED))
				.statusCode()).isEqualTo(204);
			assertThat(lakeIds()).contains(after.eventId().toString());
		}
		finally {
			restarted.destroy();
			restarted.waitFor(30, TimeUnit.SECONDS);
		}
	}

	private Process start(int port) throws IOException {
		return ForkedIngest.start(this.data, port, "256m",
				this.data.resolve("ingest-" + port + "-" + System.nanoTime() + ".log"));
	}

	private static void awaitReady(int port, Process process) {
		ForkedIngest.awaitReady(port, process);
	}

	private Set<String> lakeIds() throws IOException {
		Set<String> ids = new HashSet<>();
		StoredLines.json(new FilesystemObjectStore(this.data.resolve("lake")), "events")
			.forEach((line) -> ids.add(line.get("event_id").stringValue()));
		return ids;
	}

}
