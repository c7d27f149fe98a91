package io.shoplake.localstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.shoplake.ingest.IngestApplication;
import io.shoplake.producer.ProducerApplication;
import io.shoplake.transform.TransformApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingest killed abruptly (SIGKILL of its own JVM) in the middle of seeded accelerated
 * traffic, then restarted on the same port and folders: the producer's push deliveries
 * retry through the outage, and the marts still reconcile with the ledger with zero
 * differences — nothing acknowledged was lost, and redelivered events were counted once.
 */
class IngestCrashEndToEndTests {

	@TempDir
	Path data;

	@Test
	void killingIngestMidStreamLosesNothingAndCountsNothingTwice() throws Exception {
		int port = freePort();
		Process ingest = startIngest(port);
		ConfigurableApplicationContext producer = null;
		ConfigurableApplicationContext transform = null;
		try {
			awaitReady(port, ingest);
			producer = ProducerApplication.application()
				.run("--server.port=0", "--logging.level.root=WARN",
						"--shoplake.producer.ledger.file=" + this.data.resolve("producer/ledger.json"),
						"--shoplake.producer.local-push.dead-letter-file="
								+ this.data.resolve("producer/dead-letter.ndjson"),
						"--shoplake.producer.local-push.url=http://localhost:" + port + "/pubsub/push",
						"--shoplake.producer.local-push.max-attempts=1000",
						"--shoplake.producer.local-push.max-backoff=500ms");
			String producerUrl = LocalStack.url(producer);
			transform = TransformApplication.application()
				.run("--server.port=0", "--logging.level.root=WARN", "--shoplake.transform.schedule=-",
						"--shoplake.transform.lake-directory=" + this.data.resolve("lake"),
						"--shoplake.transform.quarantine-directory=" + this.data.resolve("quarantine"),
						"--shoplake.transform.duckdb-file=" + this.data.resolve("warehouse/shoplake.duckdb"),
						"--shoplake.transform.producer-url=" + producerUrl);

			Scenario.startAcceleratedTraffic(producerUrl, 4242L);
			await("messages acknowledged before the kill").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> Http.acked(producerUrl) >= 5_000);
			ingest.destroyForcibly();
			assertThat(ingest.waitFor(30, TimeUnit.SECONDS)).isTrue();
			long ackedAtKill = Http.acked(producerUrl);
			await("deliveries failing while ingest is down").atMost(Duration.ofSeconds(30))
				.until(() -> Http.get(producerUrl + "/traffic/status").get("in_flight").asInt() > 0);

			ingest = startIngest(port);
			awaitReady(port, ingest);
			Scenario.awaitCaughtUpThenStop(producerUrl);
			assertThat(Http.acked(producerUrl)).isGreaterThan(ackedAtKill);

			JsonNode run = Scenario.runTransform(LocalStack.url(transform));
			assertThat(run.get("status").stringValue()).as(run.toString()).isEqualTo("success");
			JsonNode report = Http.get(LocalStack.url(transform) + "/reconciliation");
			assertThat(report.get("differences").toString()).isEqualTo("[]");
			assertThat(report.get("matched").booleanValue()).isTrue();
			assertThat(report.get("ledger_orders").asLong()).isGreaterThan(20);
			assertThat(this.data.resolve("producer/dead-letter.ndjson")).satisfiesAnyOf(
					(file) -> assertThat(file).doesNotExist(), (file) -> assertThat(Files.size(file)).isZero());
		}
		finally {
			for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { producer,
					transform }) {
				if (context != null) {
					context.close();
				}
			}
			ingest.destroy();
			ingest.waitFor(30, TimeUnit.SECONDS);
		}
	}

	/** Ingest in its own JVM, from the test's class path, on the test's folders. */
	private Process startIngest(int port) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return new ProcessBuilder(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
				IngestApplication.class.getName(), "--server.port=" + port, "--shoplake.ingest.min-interval=20ms",
				"--shoplake.ingest.lake-directory=" + this.data.resolve("lake"),
				"--shoplake.ingest.quarantine-directory=" + this.data.resolve("quarantine"),
				"--logging.level.root=WARN"))
			.redirectErrorStream(true)
			.redirectOutput(this.data.resolve("ingest-" + System.nanoTime() + ".log").toFile())
			.start();
	}

	private static void awaitReady(int port, Process process) {
		await("ingest ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertThat(process.isAlive()).as("ingest process alive").isTrue();
			try {
				return Http.send("GET", "http://localhost:" + port + "/actuator/health/readiness", null)
					.statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
