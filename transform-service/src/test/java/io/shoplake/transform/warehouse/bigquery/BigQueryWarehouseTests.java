package io.shoplake.transform.warehouse.bigquery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.shoplake.support.lifecycle.Preparation;
import io.shoplake.transform.engine.RunRequest;
import io.shoplake.transform.engine.RunSummary;
import io.shoplake.transform.engine.TransformRunner;
import io.shoplake.transform.engine.Watermark;
import io.shoplake.transform.load.GcsLakeSource;
import io.shoplake.transform.load.RawLoader;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.state.StateStore;
import io.shoplake.transform.warehouse.Warehouse.Job;
import io.shoplake.transform.warehouse.WarehouseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the BigQuery warehouse asks BigQuery to do — datasets per layer, labels, a dry run
 * before every build, partition replace in one transaction, loads from the external
 * tables, bytes processed — recorded by {@link RecordingJobs}, with Google's
 * {@code LocalStorageHelper} as the buckets. Whether BigQuery accepts the SQL is checked
 * by ZetaSQL ({@code BigQueryRenderingTests}) for the models; against real BigQuery it is
 * not checked here (docs/deploy-gcp.md).
 */
class BigQueryWarehouseTests {

	private static final ModelProject project = ModelProject.load("transform");

	private final RecordingJobs jobs = new RecordingJobs();

	private final Storage storage = LocalStorageHelper.getOptions().getService();

	private final BigQueryDialect dialect = new BigQueryDialect("proj", (name) -> "shoplake_" + project.layerOf(name));

	private final BigQueryWarehouse warehouse = new BigQueryWarehouse(this.jobs, this.dialect);

	private final StateStore state = new StateStore(this.warehouse);

	private final RawLoader loader = new RawLoader(this.warehouse, this.state, new GcsLakeSource(this.storage, "lake"),
			new GcsLakeSource(this.storage, "lake-quarantine"));

	@Test
	void eachNameLivesInItsLayersDataset() {
		assertThat(this.warehouse.relation("stg_orders")).isEqualTo("`proj.shoplake_staging.stg_orders`");
		assertThat(this.warehouse.relation("fct_daily_sales")).isEqualTo("`proj.shoplake_marts.fct_daily_sales`");
		assertThat(this.warehouse.relation("countries")).isEqualTo("`proj.shoplake_staging.countries`");
		assertThat(this.warehouse.relation("raw_events")).isEqualTo("`proj.shoplake_raw.raw_events`");
		assertThat(this.warehouse.relation("_shoplake_runs")).isEqualTo("`proj.shoplake_raw._shoplake_runs`");
	}

	@Test
	void aBuildIsDryRunFirstThenRunWithTheRunAndModelAsLabels() {
		Job job = new Job("2f1c-RUN", "fct_daily_sales");
		this.warehouse.replaceTable(job, "fct_daily_sales", "SELECT DATE '2026-11-25' AS sales_date", "sales_date");
		assertThat(this.jobs.calls).extracting(RecordingJobs.Call::kind).containsExactly("dry_run", "query");
		assertThat(this.jobs.calls.get(0).sql()).isEqualTo("SELECT DATE '2026-11-25' AS sales_date");
		assertThat(this.jobs.calls.get(1).sql()).isEqualTo(
				"CREATE OR REPLACE TABLE `proj.shoplake_marts.fct_daily_sales` PARTITION BY sales_date AS\nSELECT DATE '2026-11-25' AS sales_date");
		assertThat(this.jobs.calls)
			.allSatisfy((call) -> assertThat(call.configuration().getLabels()).containsExactlyInAnyOrderEntriesOf(
					Map.of("app", "shoplake", "run_id", "2f1c-run", "model", "fct_daily_sales")));
		assertThat(this.jobs.calls.get(1).configuration().useLegacySql()).isFalse();
	}

	@Test
	void aQueryThatDoesNotValidateChangesNothingAndFailsFast() {
		this.jobs.failDryRun = new BigQueryException(400, "Unrecognized name: nope");
		assertThatExceptionOfType(WarehouseException.class)
			.isThrownBy(() -> this.warehouse.replaceTable(Job.NONE, "fct_orders", "SELECT nope", null))
			.withMessageContaining("Unrecognized name")
			.satisfies((ex) -> assertThat(ex.isTransient()).isFalse());
		assertThat(this.jobs.calls("query")).isEmpty();
	}

	@Test
	void backendErrorsAndRateLimitsAreTransient() {
		this.jobs.failQuery = new BigQueryException(503, "backendError");
		assertThatExceptionOfType(WarehouseException.class)
			.isThrownBy(() -> this.warehouse.execute(Job.NONE, "SELECT 1"))
			.satisfies((ex) -> assertThat(ex.isTransient()).isTrue());
		this.jobs.failQuery = new BigQueryException(429, "rateLimitExceeded");
		assertThatExceptionOfType(WarehouseException.class)
			.isThrownBy(() -> this.warehouse.execute(Job.NONE, "SELECT 1"))
			.satisfies((ex) -> assertThat(ex.isTransient()).isTrue());
	}

	@Test
	void incrementalPartitionsAreReplacedInOneTransaction() {
		this.warehouse.replacePartitions(Job.NONE, "fct_product_daily", "SELECT * FROM x", "order_date",
				List.of(LocalDate.parse("2026-11-25"), LocalDate.parse("2026-11-24")));
		assertThat(this.jobs.calls).extracting(RecordingJobs.Call::kind).containsExactly("dry_run", "query");
		assertThat(this.jobs.calls.get(1).sql()).isEqualTo(
				"""
						BEGIN TRANSACTION;
						DELETE FROM `proj.shoplake_marts.fct_product_daily` WHERE order_date IN (DATE '2026-11-24', DATE '2026-11-25');
						INSERT INTO `proj.shoplake_marts.fct_product_daily`
						SELECT * FROM (
						SELECT * FROM x
						) WHERE order_date IN (DATE '2026-11-24', DATE '2026-11-25');
						COMMIT TRANSACTION;""");
	}

	@Test
	void eachJobReturnsTheBytesItProcessed() {
		this.jobs.bytesPerQuery = 100;
		assertThat(this.warehouse.execute(new Job("r", "a"), "SELECT 1").bytesProcessed()).isEqualTo(100);
		this.jobs.bytesPerQuery = 250;
		assertThat(this.warehouse.replaceTable(new Job("r", "b"), "b", "SELECT 2", null).bytesProcessed())
			.isEqualTo(250);
		assertThat(this.warehouse.execute(new Job("r", "a"), "SELECT 1")
			.plus(this.warehouse.execute(new Job("r", "a"), "SELECT 1"))
			.bytesProcessed()).isEqualTo(500);
	}

	@Test
	void parametersAreTypedAndNullsWrittenAsNull() {
		QueryJobConfiguration job = this.warehouse.configuration(Job.NONE, "INSERT INTO t VALUES (?, ?, '?', ?, ?, ?)",
				"a", null, LocalDate.parse("2026-11-25"), 7L, true);
		assertThat(job.getQuery()).isEqualTo("INSERT INTO t VALUES (?, NULL, '?', ?, ?, ?)");
		assertThat(job.getPositionalParameters()).extracting((value) -> value.getType())
			.containsExactly(StandardSQLTypeName.STRING, StandardSQLTypeName.DATE, StandardSQLTypeName.INT64,
					StandardSQLTypeName.BOOL);
		assertThat(job.getLabels()).containsExactly(Map.entry("app", "shoplake"));
	}

	@Test
	void aRawTableOfAnEarlierLayoutIsForgottenAndLoadedAgain() {
		this.jobs.rows = (sql) -> sql.contains("INFORMATION_SCHEMA.COLUMNS") ? List.of(Map.of("column_name", "_file"),
				Map.of("column_name", "event_id"), Map.of("column_name", "payload")) : List.of();
		assertThat(this.loader.prepare()).isTrue();
		List<String> sql = this.jobs.calls("query").stream().map(RecordingJobs.Call::sql).toList();
		assertThat(sql).containsSubsequence(
				"DELETE FROM `proj.shoplake_raw._shoplake_loaded_objects` WHERE store = 'lake'",
				"DROP TABLE `proj.shoplake_raw.raw_events`");
		assertThat(sql.stream()
			.filter((statement) -> statement.startsWith("CREATE TABLE IF NOT EXISTS `proj.shoplake_raw.raw_events`")))
			.singleElement()
			.satisfies((create) -> assertThat(create).contains("`lines` ARRAY<STRUCT<`line_id` STRING")
				.contains("`device` STRUCT<`type` STRING")
				.contains("`total_cents` INT64")
				.endsWith("PARTITION BY event_date CLUSTER BY event_type")
				.doesNotContain("payload"));
	}

	@Test
	void theRawTableOfThisLayoutIsKept() {
		List<Map<String, Object>> columns = new ArrayList<>();
		RawLoader.EVENT_COLUMNS.forEach((column) -> columns.add(Map.of("column_name", column)));
		this.jobs.rows = (sql) -> sql.contains("INFORMATION_SCHEMA.COLUMNS") ? columns : List.of();
		assertThat(this.loader.prepare()).isFalse();
		assertThat(this.jobs.calls("query")).extracting(RecordingJobs.Call::sql)
			.noneMatch((statement) -> statement.contains("DROP TABLE"));
	}

	@Test
	void newLakeObjectsAreLoadedOnceFromTheExternalTablesInOneTransaction() {
		String object = "events/year=2026/month=11/day=25/part-instance-1-00000001.ndjson.gz";
		this.storage.create(BlobInfo.newBuilder(BlobId.of("lake", object)).build(),
				"x".getBytes(StandardCharsets.UTF_8));
		this.storage.create(
				BlobInfo.newBuilder(BlobId.of("lake", "events/year=2026/month=11/day=25/.inflight.ndjson.gz")).build(),
				"x".getBytes(StandardCharsets.UTF_8));
		this.jobs.rows = (sql) -> sql.contains("GROUP BY event_date")
				? List.of(Map.of("event_date", LocalDate.parse("2026-11-25"), "n", 42L, "shown", 42L)) : List.of();

		RawLoader.Load first = this.loader.load(new Job("run-1", "load"), null, null);
		assertThat(first.objects()).isEqualTo(1);
		assertThat(first.rows()).isEqualTo(42);
		assertThat(first.eventDates()).containsExactly(LocalDate.parse("2026-11-25"));
		String script = this.jobs.calls("query")
			.stream()
			.map(RecordingJobs.Call::sql)
			.filter((sql) -> sql.startsWith("BEGIN TRANSACTION"))
			.findFirst()
			.orElseThrow();
		assertThat(script).contains("INSERT INTO `proj.shoplake_raw.raw_events`")
			.contains("FROM `proj.shoplake_raw.events`")
			.contains("WHERE ((year = 2026 AND month = 11 AND day = 25))")
			.contains("_FILE_NAME IN ('gs://lake/" + object + "')")
			.contains("SUBSTR(_FILE_NAME, 11)")
			.contains("INSERT INTO `proj.shoplake_raw._shoplake_loaded_objects`")
			.contains("'" + object + "'")
			.doesNotContain(".inflight")
			.endsWith("COMMIT TRANSACTION;");
		assertThat(first.eventDates()).isNotEmpty();

		this.jobs.calls.clear();
		this.jobs.rows = (sql) -> sql.startsWith("SELECT object FROM") && sql.contains("store = ?")
				? List.of(Map.of("object", object)) : List.of();
		assertThat(this.loader.load(new Job("run-2", "load"), null, null).objects()).isZero();
		assertThat(this.jobs.calls("query")).extracting(RecordingJobs.Call::sql)
			.noneMatch((sql) -> sql.startsWith("BEGIN TRANSACTION"));
	}

	@Test
	void aMovedWatermarkShowsTheDatesWhoseRowsItUncovers() {
		this.jobs.rows = (sql) -> sql.startsWith("SELECT DISTINCT event_date")
				? List.of(Map.of("event_date", LocalDate.parse("2026-11-24"))) : List.of();
		Instant before = Instant.parse("2026-11-25T10:00:00Z");
		Instant after = Instant.parse("2026-11-25T11:00:00Z");
		RawLoader.Load load = this.loader.load(new Job("run-3", "load"), before, after);
		assertThat(load.eventDates()).containsExactly(LocalDate.parse("2026-11-24"));
		assertThat(load.quarantineChanged()).isTrue();
		assertThat(this.jobs.calls("query")).extracting(RecordingJobs.Call::sql)
			.contains("SELECT DISTINCT event_date FROM `proj.shoplake_raw.raw_events` WHERE _publish_time > "
					+ "TIMESTAMP '2026-11-25 10:00:00.000+00' AND _publish_time <= TIMESTAMP '2026-11-25 11:00:00.000+00'");
	}

	@Test
	void seedsBecomeTablesOfStrings() {
		assertThat(this.dialect.selectStrings(List.of("ad_platform", "display_name"),
				List.of(List.of("google_ads", "Google Ads, Search"), java.util.Arrays.asList("meta", null))))
			.isEqualTo("""
					SELECT * FROM UNNEST(ARRAY<STRUCT<`ad_platform` STRING, `display_name` STRING>>[
					  ('google_ads', 'Google Ads, Search'),
					  ('meta', NULL)
					])""");
		assertThat(this.dialect.string("it's \\ here")).isEqualTo("'it\\'s \\\\ here'");
	}

	@Test
	void aWholeRunOnBigQueryDryRunsAndLabelsEveryModelAndRecordsItInTheRawDataset() {
		Clock clock = Clock.fixed(Instant.parse("2026-11-25T06:00:00Z"), ZoneOffset.UTC);
		TransformRunner runner = new TransformRunner(project, this.warehouse, this.state, this.loader, Watermark.NONE,
				Map.of(), clock, Duration.ZERO);
		RunSummary run = runner.run(RunRequest.all(), "test");
		assertThat(run.status()).as(run.toString()).isEqualTo("success");

		for (String model : project.models().keySet()) {
			List<RecordingJobs.Call> mine = this.jobs.calls.stream()
				.filter((call) -> model.equals(call.configuration().getLabels().get("model")))
				.toList();
			assertThat(mine).as(model).isNotEmpty();
			assertThat(mine.get(0).kind()).as(model + ": the dry run comes first").isEqualTo("dry_run");
			assertThat(mine).filteredOn((call) -> call.sql().startsWith("CREATE OR REPLACE"))
				.as(model)
				.singleElement()
				.satisfies((call) -> assertThat(call.sql()).contains("`proj.shoplake_").doesNotContain("\""));
			assertThat(mine).allSatisfy((call) -> assertThat(call.configuration().getLabels()).containsEntry("run_id",
					BigQueryWarehouse.label(run.runId())));
		}
		assertThat(this.jobs.calls("query")).extracting(RecordingJobs.Call::sql)
			.anyMatch((sql) -> sql.startsWith("INSERT INTO `proj.shoplake_raw._shoplake_runs`"))
			.anyMatch((sql) -> sql.startsWith("UPDATE `proj.shoplake_raw._shoplake_runs`"))
			.anyMatch((sql) -> sql.startsWith("INSERT INTO `proj.shoplake_raw._shoplake_run_models`"))
			.anyMatch((sql) -> sql.contains("INSERT INTO `proj.shoplake_raw._shoplake_intervals`"))
			.noneMatch(
					(sql) -> sql.contains("INSERT OR REPLACE") || sql.contains("AS JSON)") || sql.contains("VARCHAR"));
	}

	@Test
	void aStartUpWhoseFirstBigQueryCallsAreDeniedBecomesReadyWhenTheySucceed() throws Exception {
		Clock clock = Clock.fixed(Instant.parse("2026-11-25T06:00:00Z"), ZoneOffset.UTC);
		TransformRunner runner = new TransformRunner(project, this.warehouse, this.state, this.loader, Watermark.NONE,
				Map.of(), clock, Duration.ZERO);
		assertThat(this.jobs.calls).as("nothing is asked of BigQuery before the preparation").isEmpty();
		this.jobs.deniedQueries = 4;
		Preparation preparation = new Preparation("warehouse", runner::prepare, Duration.ofMillis(1),
				Duration.ofMillis(4));
		preparation.start();
		try {
			preparation.ready().get(30, TimeUnit.SECONDS);
		}
		finally {
			preparation.stop();
		}
		assertThat(preparation.isReady()).isTrue();
		assertThat(preparation.failures()).isEqualTo(4);
		assertThat(preparation.lastFailure()).isNull();
		// Each failed attempt stopped at its first statement; the fifth made every table.
		assertThat(this.jobs.calls("query")).extracting(RecordingJobs.Call::sql)
			.filteredOn((sql) -> sql.startsWith("CREATE TABLE IF NOT EXISTS"))
			.hasSizeGreaterThan(4);
		assertThat(this.jobs.tables).contains("raw_events", "raw_quarantine", "_shoplake_runs");
		int calls = this.jobs.calls.size();
		RunSummary run = runner.run(RunRequest.all(), "test");
		assertThat(run.status()).as(run.toString()).isEqualTo("success");
		assertThat(this.jobs.calls.subList(calls, this.jobs.calls.size())).extracting(RecordingJobs.Call::sql)
			.as("a run after the preparation does not prepare again")
			.noneMatch((sql) -> sql.startsWith("CREATE TABLE IF NOT EXISTS `proj.shoplake_raw.raw_events`"));
	}

}
