package io.shoplake.transform.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import io.shoplake.transform.load.FilesystemLakeSource;
import io.shoplake.transform.load.RawLoader;
import io.shoplake.transform.project.Model;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.state.StateStore;
import io.shoplake.transform.warehouse.DuckDbWarehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Runs always end: a deadline, a cancel, a shutdown each stop a run at its next step and
 * record it cancelled (what it built before stays built), the lock is released, and a run
 * an earlier process left running is marked abandoned when the next one starts.
 * Restatement ranges are bounded before anything runs.
 */
class RunLifecycleTests {

	@TempDir
	Path data;

	@Test
	void aRunPastItsDeadlineStopsAtItsNextStepAndIsRecordedCancelled() {
		// Every reading of the clock is ten minutes later: the third model starts past a
		// 25-minute deadline.
		Clock racing = new Clock() {

			private Instant now = Instant.parse("2026-11-25T12:00:00Z");

			@Override
			public synchronized Instant instant() {
				this.now = this.now.plus(Duration.ofMinutes(10));
				return this.now;
			}

			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

		};
		try (DuckDbWarehouse warehouse = new DuckDbWarehouse(this.data.resolve("w.duckdb"))) {
			TransformRunner runner = runner(warehouse, racing, Duration.ofMinutes(25), Watermark.NONE);
			RunSummary run = runner.run(RunRequest.all(), "test");
			assertThat(run.status()).isEqualTo("cancelled");
			assertThat(run.error()).contains("deadline");
			assertThat(run.models()).as("stopped before every model was built").hasSizeLessThan(3);
			assertThat(status(warehouse, run.runId())).isEqualTo("cancelled");
			assertThat(runner.runningId()).as("the lock is released").isNull();
			TransformRunner patient = runner(warehouse, Clock.systemUTC(), Duration.ofHours(1), Watermark.NONE);
			RunSummary next = patient.run(RunRequest.all(), "test");
			assertThat(next.status()).isEqualTo("success");
			assertThat(next.models()).hasSize(3);
		}
	}

	@Test
	void aCancelledRunStopsAndTheNextRunBuildsWhatItLeftMissing() {
		try (DuckDbWarehouse warehouse = new DuckDbWarehouse(this.data.resolve("w.duckdb"))) {
			AtomicReference<TransformRunner> self = new AtomicReference<>();
			// The watermark is asked once per run, before it loads: cancel there.
			Watermark cancelling = (before) -> {
				TransformRunner runner = self.get();
				assertThat(runner.cancel(runner.runningId(), "cancelled by request")).isTrue();
				return before;
			};
			TransformRunner runner = runner(warehouse, Clock.systemUTC(), Duration.ofHours(1), cancelling);
			self.set(runner);
			RunSummary run = runner.run(RunRequest.all(), "test");
			assertThat(run.status()).isEqualTo("cancelled");
			assertThat(run.error()).isEqualTo("cancelled: cancelled by request");
			assertThat(run.models()).isEmpty();
			assertThat(runner.cancel(run.runId(), "again")).as("only the run in progress").isFalse();
			RunSummary next = runner(warehouse, Clock.systemUTC(), Duration.ofHours(1), Watermark.NONE)
				.run(RunRequest.all(), "test");
			assertThat(next.status()).isEqualTo("success");
			assertThat(next.models()).extracting(ModelResult::status).containsOnly("success");
		}
	}

	@Test
	void closingTheRunnerCancelsTheRunInProgress() {
		try (DuckDbWarehouse warehouse = new DuckDbWarehouse(this.data.resolve("w.duckdb"))) {
			AtomicReference<TransformRunner> self = new AtomicReference<>();
			Watermark shutdown = (before) -> {
				self.get().close();
				return before;
			};
			TransformRunner runner = runner(warehouse, Clock.systemUTC(), Duration.ofHours(1), shutdown);
			self.set(runner);
			RunSummary run = runner.run(RunRequest.all(), "test");
			assertThat(run.status()).isEqualTo("cancelled");
			assertThat(run.error()).contains("shutting down");
			assertThat(status(warehouse, run.runId())).isEqualTo("cancelled");
		}
	}

	@Test
	void aRunLeftRunningByAnEarlierProcessIsMarkedAbandoned() {
		try (DuckDbWarehouse warehouse = new DuckDbWarehouse(this.data.resolve("w.duckdb"))) {
			StateStore state = new StateStore(warehouse);
			state.prepare(RawLoader.tables());
			state.runStarted("run-of-a-killed-process", "api", null, false, null, null,
					Instant.parse("2026-11-25T11:00:00Z"));
			TransformRunner runner = runner(warehouse, Clock.systemUTC(), Duration.ofHours(1), Watermark.NONE);
			assertThat(status(warehouse, "run-of-a-killed-process")).as("nothing is done before the preparation")
				.isEqualTo("running");
			runner.prepare();
			assertThat(status(warehouse, "run-of-a-killed-process")).isEqualTo("abandoned");
			assertThat(runner.run(RunRequest.all(), "test").status()).as("the lock never sticks").isEqualTo("success");
		}
	}

	@Test
	void restatementRangesAreBoundedBeforeAnythingRuns() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RunRequest(null, LocalDate.parse("0001-01-01"), LocalDate.parse("0001-01-02"), false))
			.withMessageContaining("from (0001-01-01)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RunRequest(null, LocalDate.parse("2001-01-01"), LocalDate.parse("9999-12-31"), false))
			.withMessageContaining("at most 366 days");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RunRequest(null, LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-05"), false)
				.checkAgainst(LocalDate.parse("2026-12-01")))
			.withMessageContaining("to (2026-12-05)");
		new RunRequest(null, LocalDate.parse("2025-12-02"), LocalDate.parse("2026-12-02"), false)
			.checkAgainst(LocalDate.parse("2026-12-01"));
	}

	private static String status(DuckDbWarehouse warehouse, String runId) {
		return (String) warehouse.query("SELECT status FROM _shoplake_runs WHERE run_id = ?", 1, runId)
			.get(0)
			.get("status");
	}

	private TransformRunner runner(DuckDbWarehouse warehouse, Clock clock, Duration deadline, Watermark watermark) {
		StateStore state = new StateStore(warehouse);
		Map<String, Model> models = new TreeMap<>();
		models.put("a", new Model("a", "models/a.sql", "{{ config(materialized='table') }} SELECT 1 AS n", "",
				List.of(), List.of()));
		models.put("b", new Model("b", "models/b.sql",
				"{{ config(materialized='table') }} SELECT n + 1 AS n FROM {{ ref('a') }}", "", List.of(), List.of()));
		models.put("c", new Model("c", "models/c.sql",
				"{{ config(materialized='table') }} SELECT n + 1 AS n FROM {{ ref('b') }}", "", List.of(), List.of()));
		return new TransformRunner(new ModelProject(models, Map.of(), Map.of()), warehouse, state,
				new RawLoader(warehouse, state, new FilesystemLakeSource(this.data.resolve("lake")),
						new FilesystemLakeSource(this.data.resolve("quarantine"))),
				watermark, Map.of(), clock, Duration.ZERO, deadline);
	}

}
