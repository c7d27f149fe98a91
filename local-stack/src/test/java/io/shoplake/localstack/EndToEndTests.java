package io.shoplake.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole platform in one JVM on random ports, as the README's run command starts it:
 * seeded accelerated traffic over three simulated days (poison pills, duplicates and late
 * events on) through local push, ingest and the lake; three transform runs while traffic
 * flows, each reconciled at its watermark; then, traffic stopped, one more run, and the
 * marts reconciled with the producer's ledger to the cent.
 */
class EndToEndTests {

	@TempDir
	Path data;

	@Test
	void theMartsReconcileWithTheLedgerWithZeroDifferences() throws Exception {
		try (LocalStack stack = LocalStack.start("--data-dir=" + this.data, "--traffic=off", "--server.port=0",
				"--shoplake.ingest.max-wait=20ms", "--shoplake.transform.schedule=-", "--logging.level.root=WARN")) {
			String producer = LocalStack.url(stack.producer());
			String transform = LocalStack.url(stack.transform());

			Scenario.startAcceleratedTraffic(producer, 2026L);
			// While traffic flows, each run shows what the producer had settled when it
			// began, and reconciles at that watermark.
			await("the first sessions acknowledged").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> Scenario.ledgerTotal(producer, "sessions") > 0);
			Instant previous = Instant.EPOCH;
			for (int round = 1; round <= 3; round++) {
				JsonNode live = Scenario.runTransform(transform);
				assertThat(live.get("status").stringValue()).as(live.toString()).isEqualTo("success");
				JsonNode report = Http.get(transform + "/reconciliation");
				assertThat(report.get("differences").toString()).as("round " + round).isEqualTo("[]");
				Instant watermark = Instant.parse(report.get("watermark").stringValue());
				assertThat(watermark).as("round " + round + " watermark").isAfter(previous);
				assertThat(report.get("figures_compared").asLong()).isPositive();
				previous = watermark;
			}
			assertThat(Http.get(producer + "/traffic/status").get("state").stringValue()).as("traffic still flowing")
				.isEqualTo("running");
			Scenario.awaitCaughtUpThenStop(producer);
			JsonNode run = Scenario.runTransform(transform);
			assertThat(run.get("status").stringValue()).as(run.toString()).isEqualTo("success");

			JsonNode report = Http.get(transform + "/reconciliation");
			assertThat(report.get("differences").toString()).isEqualTo("[]");
			assertThat(report.get("matched").booleanValue()).isTrue();
			assertThat(LocalDate.parse(report.get("to").stringValue()))
				.isAfterOrEqualTo(LocalDate.parse(report.get("from").stringValue()).plusDays(3));
			assertThat(report.get("ledger_orders").asLong()).isGreaterThan(20);
			assertThat(Scenario.ledgerTotal(producer, "duplicates")).isPositive();
			assertThat(Scenario.ledgerTotal(producer, "late")).isPositive();
			assertThat(Scenario.ledgerTotal(producer, "poison_by_stage")).isPositive();
			assertThat(this.data.resolve("producer/dead-letter.ndjson")).satisfiesAnyOf(
					(file) -> assertThat(file).doesNotExist(), (file) -> assertThat(Files.size(file)).isZero());
		}
	}

}
