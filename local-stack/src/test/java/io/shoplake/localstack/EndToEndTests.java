package io.shoplake.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;

import io.shoplake.events.lake.LakeLayout;
import io.shoplake.events.lake.NdjsonGzip;
import io.shoplake.events.lake.QuarantineRecord;
import io.shoplake.transform.testing.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
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
				"--shoplake.ingest.min-interval=20ms", "--shoplake.transform.schedule=-",
				"--logging.level.root=WARN")) {
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
				// Each round reconciles at a later watermark than the one before: a run
				// that
				// finds the producer still at the same watermark (it was simulating its
				// next
				// hour) must match too, and the round runs again until the watermark
				// moves.
				Instant earlier = previous;
				AtomicReference<JsonNode> live = new AtomicReference<>();
				AtomicReference<JsonNode> report = new AtomicReference<>();
				await("round " + round + ": a run at a later watermark").atMost(Duration.ofMinutes(2))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> {
						live.set(Scenario.runTransform(transform));
						report.set(Http.get(transform + "/reconciliation"));
						boolean wrong = !"success".equals(live.get().get("status").stringValue())
								|| !"[]".equals(report.get().get("differences").toString());
						// A wrong run ends the wait at once: it fails below.
						return wrong || (Instant.parse(report.get().get("watermark").stringValue()).isAfter(earlier)
								&& report.get().get("figures_compared").asLong() > 0);
					});
				assertThat(live.get().get("status").stringValue()).as(live.get().toString()).isEqualTo("success");
				assertThat(report.get().get("differences").toString()).as("round " + round).isEqualTo("[]");
				assertThat(report.get().get("figures_compared").asLong()).isPositive();
				previous = Instant.parse(report.get().get("watermark").stringValue());
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
			theDashboardShowsTheHistory(transform);
		}
	}

	/**
	 * The default view of the dashboard after the run, in a real headless Chromium: every
	 * day of the accelerated history, the quarantine of the range as the quarantine
	 * folder holds it, late events near the configured rate, the reconciliation matched.
	 * Its screenshot is {@code target/dashboard.png} (docs/dashboard.png is a copy).
	 */
	private void theDashboardShowsTheHistory(String transform) throws IOException {
		ChromeDriver browser = HeadlessChromium.open();
		try {
			browser.get(transform + "/");
			new WebDriverWait(browser, Duration.ofSeconds(60))
				.until((driver) -> driver.findElement(By.tagName("body")).getDomAttribute("data-range") != null);
			String[] range = browser.findElement(By.tagName("body")).getDomAttribute("data-range").split("\\.\\.");
			LocalDate from = LocalDate.parse(range[0]);
			LocalDate to = LocalDate.parse(range[1]);
			assertThat(Integer.parseInt(browser.findElement(By.id("panel-revenue")).getDomAttribute("data-rows")))
				.as("revenue bars of " + from + ".." + to)
				.isGreaterThanOrEqualTo(3);
			assertThat(Long.parseLong(browser.findElement(By.id("kpi-quarantine")).getDomAttribute("data-quarantined")))
				.isEqualTo(quarantinedMessages(from, to))
				.isPositive();
			JsonNode kpis = Http.get(transform + "/api/dashboard/kpis?from=" + from + "&to=" + to);
			assertThat(kpis.get("late_rate").asDouble()).as("the default late rate is 2 %").isBetween(0.01, 0.03);
			assertThat(browser.findElement(By.id("kpi-reconciliation")).getDomAttribute("data-state"))
				.isEqualTo("matched");
			Path screenshot = Path.of("target/dashboard.png");
			Files.createDirectories(screenshot.getParent());
			Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
		}
		finally {
			browser.quit();
		}
	}

	/**
	 * Quarantined messages published from {@code from} to {@code to}, read from the
	 * folder.
	 */
	private long quarantinedMessages(LocalDate from, LocalDate to) throws IOException {
		java.util.Set<String> messages = new java.util.HashSet<>();
		try (java.util.stream.Stream<Path> files = Files.walk(this.data.resolve("quarantine"))) {
			for (Path object : files.filter((file) -> file.toString().endsWith(LakeLayout.SUFFIX)).toList()) {
				LocalDate day = LakeLayout.partitionOf(this.data.resolve("quarantine").relativize(object).toString())
					.orElseThrow();
				if (!day.isBefore(from) && !day.isAfter(to)) {
					for (String line : NdjsonGzip.decode(Files.readAllBytes(object))) {
						messages.add(tools.jackson.databind.json.JsonMapper.shared()
							.readTree(line)
							.get(QuarantineRecord.MESSAGE_ID)
							.stringValue());
					}
				}
			}
		}
		return messages.size();
	}

}
