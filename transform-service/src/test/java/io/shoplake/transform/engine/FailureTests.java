package io.shoplake.transform.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.shoplake.transform.project.DataTest;
import io.shoplake.transform.project.Model;
import io.shoplake.transform.load.FilesystemLakeSource;
import io.shoplake.transform.load.RawLoader;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.state.StateStore;
import io.shoplake.transform.warehouse.DuckDbWarehouse;
import io.shoplake.transform.warehouse.Warehouse;
import io.shoplake.transform.warehouse.WarehouseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What a failing model or test does to a run, on a tiny project of its own. */
class FailureTests {

	@TempDir
	Path data;

	@Test
	void aModelWhoseSqlFailsKeepsItsTableAndItsDownstreamIsSkipped() {
		try (DuckDbWarehouse warehouse = warehouse()) {
			String good = "{{ config(materialized='table') }} SELECT * FROM (VALUES (1), (2), (3)) t(n)";
			String broken = "{{ config(materialized='table') }} SELECT no_such_column FROM (VALUES (1)) t(n)";
			String downstream = "{{ config(materialized='table') }} SELECT count(*) AS n FROM {{ ref('numbers') }}";
			RunSummary first = runner(project(good, downstream, List.of()), warehouse, Clock.systemUTC())
				.run(RunRequest.all(), "test");
			assertThat(first.status()).isEqualTo("success");
			RunSummary second = runner(project(broken, downstream, List.of()), warehouse, Clock.systemUTC())
				.run(RunRequest.all(), "test");
			assertThat(second.status()).isEqualTo("failed");
			assertThat(second.model("numbers").status()).isEqualTo("failed");
			assertThat(second.model("numbers").error()).contains("no_such_column");
			assertThat(second.model("total").status()).isEqualTo("skipped");
			assertThat(second.model("total").error()).isEqualTo("upstream numbers failed");
			assertThat(warehouse.rowCount("numbers")).as("the previous table is intact").isEqualTo(3);
			assertThat(warehouse.query("SELECT status FROM _shoplake_run_models WHERE run_id = ? AND model = 'total'",
					1, second.runId()))
				.singleElement()
				.satisfies((row) -> assertThat(row.get("status")).isEqualTo("skipped"));
		}
	}

	@Test
	void aFailingUniqueTestFailsTheRunWithSampleRows() {
		try (DuckDbWarehouse warehouse = warehouse()) {
			String duplicated = "{{ config(materialized='table') }} SELECT * FROM (VALUES (1), (2), (2)) t(n)";
			String downstream = "{{ config(materialized='view') }} SELECT n FROM {{ ref('numbers') }}";
			RunSummary run = runner(
					project(duplicated, downstream,
							List.of(new DataTest("unique", "n", Map.of(), "error"),
									new DataTest("expression_is_true", null, Map.of("expression", "n < 2"), "warn"))),
					warehouse, Clock.systemUTC())
				.run(RunRequest.all(), "test");
			assertThat(run.status()).isEqualTo("failed");
			ModelResult numbers = run.model("numbers");
			assertThat(numbers.status()).isEqualTo("test_failed");
			TestResult unique = numbers.tests().get(0);
			assertThat(unique.status()).isEqualTo("fail");
			assertThat(unique.failures()).isEqualTo(1);
			assertThat(unique.sample()).singleElement().satisfies((row) -> {
				assertThat(((Number) row.get("value")).intValue()).isEqualTo(2);
				assertThat(((Number) row.get("occurrences")).intValue()).isEqualTo(2);
			});
			TestResult warning = numbers.tests().get(1);
			assertThat(warning.status()).isEqualTo("warn");
			assertThat(warning.failures()).isEqualTo(2);
			assertThat(run.model("total").status()).isEqualTo("skipped");
		}
	}

	@Test
	void afterAPartitionReplaceRowTestsCheckTheReplacedDatesOnly() {
		try (DuckDbWarehouse warehouse = warehouse()) {
			warehouse.execute(Warehouse.Job.NONE,
					"CREATE TABLE src AS SELECT * FROM (VALUES (DATE '2026-11-01', NULL), "
							+ "(DATE '2026-11-02', 1)) t(d, n)");
			String incremental = "{{ config(materialized='incremental', partition_by='d') }} SELECT d, n FROM src"
					+ "{% if is_incremental() %} WHERE d IN ({{ event_dates() }}){% endif %}";
			// A warning: a failing error-severity test would leave the build unrecorded,
			// and the next run would build it in full again.
			TransformRunner runner = runner(
					project(incremental, "SELECT 1 AS n", List.of(new DataTest("not_null", "n", Map.of(), "warn"))),
					warehouse, Clock.systemUTC());
			java.time.LocalDate second = java.time.LocalDate.parse("2026-11-02");
			RunRequest restate = new RunRequest(null, second, second, false);
			assertThat(runner.run(RunRequest.all(), "test").model("numbers").tests().get(0).failures())
				.as("a full build checks every row")
				.isEqualTo(1);
			assertThat(runner.run(restate, "test").model("numbers").tests().get(0).failures())
				.as("11-02 replaced, and it has no NULL")
				.isZero();
			warehouse.execute(Warehouse.Job.NONE, "INSERT INTO src VALUES (DATE '2026-11-02', NULL)");
			TestResult replaced = runner.run(restate, "test").model("numbers").tests().get(0);
			assertThat(replaced.status()).isEqualTo("warn");
			assertThat(replaced.failures()).as("only the replaced date's NULL").isEqualTo(1);
			assertThat(replaced.sample()).singleElement()
				.satisfies((row) -> assertThat(row.get("d")).isEqualTo(second));
		}
	}

	@Test
	void aStaleSourceFailsItsFreshnessTest() {
		try (DuckDbWarehouse warehouse = warehouse()) {
			String stamps = "{{ config(materialized='table') }} SELECT TIMESTAMP '2026-11-25 02:00:00' AS published";
			List<DataTest> fresh = List
				.of(new DataTest("freshness", "published", Map.of("max_age_hours", 12), "error"));
			Clock noon = Clock.fixed(java.time.Instant.parse("2026-11-25T12:00:00Z"), java.time.ZoneOffset.UTC);
			Clock evening = Clock.fixed(java.time.Instant.parse("2026-11-25T15:00:00Z"), java.time.ZoneOffset.UTC);
			assertThat(runner(project(stamps, "SELECT 1 AS n", fresh), warehouse, noon).run(RunRequest.all(), "test")
				.model("numbers")
				.tests()).singleElement().satisfies((test) -> assertThat(test.status()).isEqualTo("pass"));
			TestResult stale = runner(project(stamps, "SELECT 1 AS n", fresh), warehouse, evening)
				.run(RunRequest.all(), "test")
				.model("numbers")
				.tests()
				.get(0);
			assertThat(stale.status()).isEqualTo("fail");
			assertThat(stale.sample()).singleElement()
				.satisfies((row) -> assertThat(row.get("newest")).hasToString("2026-11-25T02:00"));
		}
	}

	@Test
	void runsNeverOverlap() {
		try (DuckDbWarehouse warehouse = warehouse()) {
			TransformRunner runner = runner(
					project("{{ config(materialized='table') }} SELECT 1 AS n", "SELECT 1 AS n", List.of()), warehouse,
					Clock.systemUTC());
			String claimed = runner.claim();
			assertThatExceptionOfType(RunInProgressException.class)
				.isThrownBy(() -> runner.run(RunRequest.all(), "test"))
				.satisfies((ex) -> assertThat(ex.runId()).isEqualTo(claimed));
			assertThat(runner.run(claimed, RunRequest.all(), "test").status()).isEqualTo("success");
			assertThat(runner.runningId()).isNull();
		}
	}

	@Test
	void aTransientFailureIsRetriedAndASqlErrorIsNot() {
		try (DuckDbWarehouse real = warehouse()) {
			java.util.concurrent.atomic.AtomicInteger replaces = new java.util.concurrent.atomic.AtomicInteger();
			Warehouse flaky = (Warehouse) java.lang.reflect.Proxy.newProxyInstance(Warehouse.class.getClassLoader(),
					new Class<?>[] { Warehouse.class }, (proxy, method, args) -> {
						if (method.getName().equals("replaceTable") && replaces.incrementAndGet() <= 2) {
							throw new WarehouseException("IO Error: injected", null);
						}
						try {
							return method.invoke(real, args);
						}
						catch (java.lang.reflect.InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
			RunSummary run = runner(
					project("{{ config(materialized='table') }} SELECT 1 AS n", "SELECT 1 AS n", List.of()), flaky,
					Clock.systemUTC())
				.run(RunRequest.all(), "test");
			assertThat(run.model("numbers").status()).isEqualTo("success");
			assertThat(replaces).as("two transient failures, then success").hasValue(3);

			replaces.set(10);
			RunSummary broken = runner(
					project("{{ config(materialized='table') }} SELECT nope", "SELECT 1 AS n", List.of()), flaky,
					Clock.systemUTC())
				.run(RunRequest.all(), "test");
			assertThat(broken.model("numbers").status()).isEqualTo("failed");
			assertThat(replaces).as("a SQL error is tried once").hasValue(11);
		}
	}

	private DuckDbWarehouse warehouse() {
		return new DuckDbWarehouse(this.data.resolve("w.duckdb"));
	}

	private TransformRunner runner(ModelProject project, Warehouse warehouse, Clock clock) {
		StateStore state = new StateStore(warehouse);
		return new TransformRunner(project, warehouse, state,
				new RawLoader(warehouse, state, new FilesystemLakeSource(this.data.resolve("lake")),
						new FilesystemLakeSource(this.data.resolve("quarantine"))),
				Watermark.NONE, Map.of(), clock, java.time.Duration.ZERO);
	}

	private static ModelProject project(String numbers, String total, List<DataTest> tests) {
		Map<String, Model> models = new TreeMap<>();
		models.put("numbers", new Model("numbers", "models/numbers.sql", numbers, "", List.of(), tests));
		models.put("total", new Model("total", "models/total.sql", total, "", List.of(), List.of()));
		return new ModelProject(models, Map.of(), Map.of());
	}

}
