package io.shoplake.transform.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.shoplake.transform.project.DataTest;
import io.shoplake.transform.project.Model;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.render.Compiled;
import io.shoplake.transform.render.Dialect;
import io.shoplake.transform.render.Renderer;
import io.shoplake.transform.warehouse.LoadResult;
import io.shoplake.transform.warehouse.Warehouse;
import io.shoplake.transform.warehouse.WarehouseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the project: loads the lake objects not loaded before, compiles every model
 * (template errors stop the run before any SQL), then builds the selection in dependency
 * order — views, tables swapped atomically, incremental models by replacing exactly the
 * event dates that new rows (or a restatement) touch — tests each model, and records the
 * run, each model's outcome and rendered SQL, and the dates each model holds, in the
 * warehouse. A model whose upstream did not succeed is skipped. Runs never overlap.
 */
public final class TransformRunner {

	private static final Logger log = LoggerFactory.getLogger(TransformRunner.class);

	private static final int SAMPLE = 5;

	private static final int ATTEMPTS = 4;

	private final ModelProject project;

	private final Warehouse warehouse;

	private final Renderer renderer;

	private final Clock clock;

	private final AtomicReference<String> running = new AtomicReference<>();

	private final JsonMapper json = JsonMapper.builder().build();

	/** Each model's last rendered SQL, kept with its run record. */
	private final Map<String, String> lastSql = new ConcurrentHashMap<>();

	/**
	 * Bytes the warehouse processed for each model's last build and tests, if it says.
	 */
	private final Map<String, Long> bytes = new ConcurrentHashMap<>();

	private final Duration backoff;

	public TransformRunner(ModelProject project, Warehouse warehouse, Map<String, Object> vars, Clock clock) {
		this(project, warehouse, vars, clock, Duration.ofMillis(500));
	}

	/**
	 * @param backoff first wait before retrying a transient failure (then 4x, 16x)
	 */
	public TransformRunner(ModelProject project, Warehouse warehouse, Map<String, Object> vars, Clock clock,
			Duration backoff) {
		this.backoff = backoff;
		this.project = project;
		this.warehouse = warehouse;
		this.renderer = new Renderer(project, warehouse.dialect(), vars, warehouse::relation);
		this.clock = clock;
		warehouse.prepare();
	}

	/** The models' graph (compiling every model; template errors surface here). */
	public Dag dag() {
		return dag(compileAll());
	}

	private static Dag dag(Map<String, Compiled> compiled) {
		Map<String, Set<String>> upstream = new LinkedHashMap<>();
		compiled.forEach((name, model) -> upstream.put(name, model.refs()));
		return new Dag(upstream);
	}

	/** Every model compiled as a full build would, by name. */
	private Map<String, Compiled> compileAll() {
		Map<String, Compiled> compiled = new LinkedHashMap<>();
		for (Model model : this.project.models().values()) {
			compiled.put(model.name(), this.renderer.render(model, false, Set.of()));
		}
		return compiled;
	}

	/** Compiles {@code model} as a full build would. */
	public Compiled compile(String model) {
		return this.renderer.render(this.project.models().get(model), false, Set.of());
	}

	/** The id of the run in progress, if any. */
	public String runningId() {
		return this.running.get();
	}

	/**
	 * Claims the right to run (a run id), or fails with the id of the run in progress.
	 */
	public String claim() {
		String id = UUID.randomUUID().toString();
		if (!this.running.compareAndSet(null, id)) {
			throw new RunInProgressException(this.running.get());
		}
		return id;
	}

	/** Claims and runs now, on this thread. */
	public RunSummary run(RunRequest request, String trigger) {
		return run(claim(), request, trigger);
	}

	/** Runs under a claimed id; releases it at the end. */
	public RunSummary run(String runId, RunRequest request, String trigger) {
		try {
			return execute(runId, request, trigger);
		}
		finally {
			this.running.compareAndSet(runId, null);
		}
	}

	private RunSummary execute(String runId, RunRequest request, String trigger) {
		LocalDateTime started = now();
		this.warehouse.execute("INSERT INTO " + this.warehouse.relation("_shoplake_runs")
				+ " (run_id, status, trigger, selection, full_refresh, restate_from, restate_to, started_at) VALUES (?, 'running', ?, ?, ?, ?, ?, ?)",
				runId, trigger, request.select(), request.fullRefresh(), request.from(), request.to(), started);
		List<ModelResult> results = new ArrayList<>();
		LoadResult load = LoadResult.NONE;
		long loadMs = 0;
		String error = null;
		try {
			Map<String, Compiled> compiled = compileAll();
			Dag dag = dag(compiled);
			List<String> selected = dag.select(request.select(), (name) -> compiled.get(name).config().tags());
			this.project.seeds().forEach(this.warehouse::loadSeed);
			long loading = System.nanoTime();
			load = this.warehouse.loadNewObjects(runId);
			loadMs = elapsed(loading);
			Set<LocalDate> dates = new TreeSet<>(load.eventDates());
			if (request.from() != null) {
				for (LocalDate date = request.from(); !date.isAfter(request.to()); date = date.plusDays(1)) {
					dates.add(date);
				}
			}
			Map<String, ModelResult> byModel = new HashMap<>();
			for (String name : selected) {
				ModelResult result = build(runId, this.project.models().get(name), dag, byModel, dates,
						request.fullRefresh() || load.reloaded());
				byModel.put(name, result);
				results.add(result);
				record(runId, result);
			}
		}
		catch (RuntimeException ex) {
			error = ex.getMessage();
			log.warn("run {} failed before building: {}", runId, error);
		}
		boolean ok = error == null && results.stream().allMatch(ModelResult::succeeded);
		String status = ok ? "success" : "failed";
		this.warehouse.execute("UPDATE " + this.warehouse.relation("_shoplake_runs")
				+ " SET status = ?, finished_at = ?, objects_loaded = ?, rows_loaded = ?, error = ? WHERE run_id = ?",
				status, now(), load.objects(), load.rows(), error, runId);
		log.info("run {} {}: loaded {} objects ({} events, {} quarantined) in {} ms, {} models", runId, status,
				load.objects(), load.rows(), load.quarantined(), loadMs, results.size());
		return new RunSummary(runId, status, trigger, started, now(), load, loadMs, results, error);
	}

	private ModelResult build(String runId, Model model, Dag dag, Map<String, ModelResult> done, Set<LocalDate> dates,
			boolean fullRefresh) {
		for (String parent : dag.upstreamOf(model.name())) {
			ModelResult upstream = done.get(parent);
			if (upstream != null && !upstream.succeeded()) {
				return new ModelResult(model.name(), "skipped", null, 0, 0, List.of(), null, List.of(),
						"upstream " + parent + " " + upstream.status());
			}
		}
		long started = System.nanoTime();
		Compiled compiled = null;
		this.warehouse.label(runId, model.name());
		try {
			boolean exists = this.warehouse.exists(model.name());
			compiled = this.renderer.render(model, false, dates);
			boolean incremental = compiled.config().incremental() && exists && !fullRefresh;
			Set<LocalDate> replaced = withLookback(dates, compiled.config().lookback());
			if (incremental) {
				compiled = this.renderer.render(model, true, replaced);
			}
			String sql = compiled.sql();
			List<String> built = List.of();
			String status = "success";
			switch (compiled.config().materialized()) {
				case "view" -> retrying(model.name(), () -> this.warehouse.createView(model.name(), sql));
				case "table" -> retrying(model.name(), () -> this.warehouse.replaceTable(model.name(), sql));
				default -> {
					if (!incremental) {
						String partitionBy = compiled.config().partitionBy();
						retrying(model.name(), () -> this.warehouse.replaceTable(model.name(), sql, partitionBy));
						built = datesOf(model.name(), compiled.config().partitionBy());
					}
					else if (replaced.isEmpty()) {
						status = "up_to_date";
					}
					else {
						String column = compiled.config().partitionBy();
						retrying(model.name(),
								() -> this.warehouse.replacePartitions(model.name(), sql, column, replaced));
						built = replaced.stream().map(LocalDate::toString).toList();
					}
					recordDates(model.name(), built, runId);
				}
			}
			// After a partition replace, row-level tests check the replaced dates
			// only, as SQLMesh audits the intervals it processed; a full build
			// checks every row.
			String scope = (incremental && !built.isEmpty())
					? compiled.config().partitionBy() + " IN (" + Dialect.dateList(replaced) + ")" : null;
			List<TestResult> tests = test(model, scope);
			if (tests.stream().anyMatch((test) -> "fail".equals(test.status()))) {
				status = "test_failed";
			}
			return new ModelResult(model.name(), status, compiled.config().materialized(),
					this.warehouse.rowCount(model.name()), elapsed(started), built, hash(compiled.sql()), tests, null);
		}
		catch (WarehouseException ex) {
			log.warn("model {} failed: {}", model.name(), ex.getMessage());
			return new ModelResult(model.name(), "failed", (compiled != null) ? compiled.config().materialized() : null,
					0, elapsed(started), List.of(), (compiled != null) ? hash(compiled.sql()) : null, List.of(),
					ex.getMessage());
		}
		finally {
			if (compiled != null) {
				this.lastSql.put(model.name(), compiled.sql());
			}
			Long processed = this.warehouse.bytesProcessed();
			if (processed != null) {
				this.bytes.put(model.name(), processed);
			}
			else {
				this.bytes.remove(model.name());
			}
		}
	}

	/**
	 * Records that {@code model} was built for {@code dates} by {@code runId}: two
	 * statements whatever the number of dates (on BigQuery each statement is a job).
	 */
	private void recordDates(String model, List<String> dates, String runId) {
		if (dates.isEmpty()) {
			return;
		}
		String table = this.warehouse.relation("_shoplake_model_dates");
		String list = Dialect.dateList(dates.stream().map(LocalDate::parse).toList());
		this.warehouse.execute("DELETE FROM " + table + " WHERE model = ? AND event_date IN (" + list + ")", model);
		LocalDateTime builtAt = now();
		List<Object> parameters = new ArrayList<>();
		for (String date : dates) {
			parameters.addAll(List.of(model, date, runId, builtAt));
		}
		this.warehouse
			.execute(
					"INSERT INTO " + table + " VALUES "
							+ String.join(", ",
									java.util.Collections.nCopies(dates.size(), "(?, CAST(? AS DATE), ?, ?)")),
					parameters.toArray());
	}

	private static Set<LocalDate> withLookback(Set<LocalDate> dates, int lookback) {
		Set<LocalDate> all = new TreeSet<>(dates);
		for (LocalDate date : dates) {
			for (int back = 1; back <= lookback; back++) {
				all.add(date.minusDays(back));
			}
		}
		return all;
	}

	/**
	 * Runs {@code step}, retrying a transient warehouse failure up to {@value #ATTEMPTS}
	 * attempts with exponential backoff; a SQL error fails at once.
	 */
	private void retrying(String model, Runnable step) {
		for (int attempt = 1;; attempt++) {
			try {
				step.run();
				return;
			}
			catch (WarehouseException ex) {
				if (!ex.isTransient() || attempt == ATTEMPTS) {
					throw ex;
				}
				long wait = this.backoff.toMillis() << (2 * (attempt - 1));
				log.warn("model {}: transient warehouse failure (attempt {} of {}), retrying in {} ms: {}", model,
						attempt, ATTEMPTS, wait, ex.getMessage());
				try {
					Thread.sleep(wait);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	private List<String> datesOf(String model, String column) {
		return this.warehouse
			.query("SELECT DISTINCT " + this.warehouse.dialect().asText(column) + " AS d FROM "
					+ this.warehouse.relation(model) + " WHERE " + column + " IS NOT NULL ORDER BY 1",
					Integer.MAX_VALUE)
			.stream()
			.map((row) -> (String) row.get("d"))
			.toList();
	}

	/**
	 * Runs {@code model}'s tests; row-level tests see only the rows matching
	 * {@code scope} when it is set.
	 */
	private List<TestResult> test(Model model, String scope) {
		List<TestResult> results = new ArrayList<>();
		String relation = this.warehouse.relation(model.name());
		String rows = (scope != null) ? "(SELECT * FROM " + relation + " WHERE " + scope + ")" : relation;
		for (DataTest test : model.tests()) {
			long started = System.nanoTime();
			String failing = DataTests.failingRows(test, DataTests.isRowLevel(test) ? rows : relation,
					this.warehouse::relation, now());
			long failures = ((Number) this.warehouse.query("SELECT count(*) AS n FROM (" + failing + ") failing", 1)
				.get(0)
				.get("n")).longValue();
			List<Map<String, Object>> sample = (failures == 0) ? List.of()
					: this.warehouse.query(failing + " LIMIT " + SAMPLE, SAMPLE);
			String status = (failures == 0) ? "pass" : test.isError() ? "fail" : "warn";
			results.add(new TestResult(test.name(), status, failures, sample, elapsed(started)));
		}
		return results;
	}

	private void record(String runId, ModelResult result) {
		this.warehouse.execute(
				"INSERT INTO " + this.warehouse.relation("_shoplake_run_models")
						+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + this.warehouse.dialect().jsonColumn("?") + ", ?)",
				runId, result.model(), result.status(), result.materialized(), result.rows(), result.durationMs(),
				this.bytes.get(result.model()), result.sqlHash(), this.lastSql.get(result.model()),
				String.join(",", result.dates()), this.json.writeValueAsString(result.tests()), result.error());
	}

	private LocalDateTime now() {
		return LocalDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

	private static long elapsed(long started) {
		return (System.nanoTime() - started) / 1_000_000;
	}

	static String hash(String sql) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
