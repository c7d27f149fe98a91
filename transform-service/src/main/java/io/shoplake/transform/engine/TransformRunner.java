package io.shoplake.transform.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.shoplake.transform.load.RawLoader;
import io.shoplake.transform.project.DataTest;
import io.shoplake.transform.project.Model;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.project.Seed;
import io.shoplake.transform.render.Compiled;
import io.shoplake.transform.render.Dialect;
import io.shoplake.transform.render.Renderer;
import io.shoplake.transform.state.Intervals;
import io.shoplake.transform.state.StateStore;
import io.shoplake.transform.warehouse.Warehouse.Job;
import io.shoplake.transform.warehouse.Warehouse.JobResult;
import io.shoplake.transform.warehouse.Warehouse;
import io.shoplake.transform.warehouse.WarehouseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the project: compiles every model (template errors stop the run before any SQL),
 * loads the seeds that changed and the lake objects not loaded before (showing lines up
 * to the run's watermark), then builds the selection in dependency order, each model
 * exactly what the {@link Planner} finds it missing in the interval state — views, tables
 * swapped atomically, incremental models by replacing the missing event dates — tests it,
 * and records what it built only when the build and its blocking tests succeeded. A model
 * whose upstream did not succeed in this run is skipped. Runs never overlap; the runner
 * owns the thread they run on.
 */
public final class TransformRunner implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TransformRunner.class);

	private static final int SAMPLE = 5;

	private static final int ATTEMPTS = 4;

	/** Default longest run. */
	public static final Duration DEFAULT_DEADLINE = Duration.ofHours(1);

	/** How long closing waits for the running run to stop. */
	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(20);

	private final ModelProject project;

	private final Warehouse warehouse;

	private final StateStore state;

	private final RawLoader loader;

	private final Watermark watermark;

	private final Renderer renderer;

	private final Clock clock;

	private final Duration backoff;

	private final AtomicReference<String> running = new AtomicReference<>();

	/** Longest a run may take; checked between steps. */
	private final Duration deadline;

	/** Why the running run must stop (null: it may go on); set by cancel and close. */
	private volatile String stopReason;

	/** When the running run must stop at the latest. */
	private volatile Instant runDeadline;

	private final ExecutorService executor = Executors
		.newSingleThreadExecutor((task) -> new Thread(task, "transform-run"));

	private final JsonMapper json = JsonMapper.builder().build();

	private boolean prepared;

	/**
	 * @param watermark where each run's watermark comes from (asked once per run, before
	 * it loads)
	 * @param backoff first wait before retrying a transient failure (then 4x, 16x)
	 */
	public TransformRunner(ModelProject project, Warehouse warehouse, StateStore state, RawLoader loader,
			Watermark watermark, Map<String, Object> vars, Clock clock, Duration backoff) {
		this(project, warehouse, state, loader, watermark, vars, clock, backoff, DEFAULT_DEADLINE);
	}

	/**
	 * @param deadline longest a run may take: past it, the run stops at its next step and
	 * is recorded {@code cancelled}
	 */
	public TransformRunner(ModelProject project, Warehouse warehouse, StateStore state, RawLoader loader,
			Watermark watermark, Map<String, Object> vars, Clock clock, Duration backoff, Duration deadline) {
		this.deadline = deadline;
		this.project = project;
		this.warehouse = warehouse;
		this.state = state;
		this.loader = loader;
		this.watermark = watermark;
		this.renderer = new Renderer(project, warehouse.dialect(), vars);
		this.clock = clock;
		this.backoff = backoff;
	}

	/**
	 * Creates the state and raw tables (a raw table of an earlier layout is dropped and
	 * loaded again, with everything built from it) and marks runs an earlier process left
	 * running as abandoned. Safe to call again after a failure; done once. Every run
	 * prepares first if this was not called.
	 */
	public synchronized void prepare() {
		if (this.prepared) {
			return;
		}
		this.state.prepare(RawLoader.tables());
		if (this.loader.prepare()) {
			// The raw events are loaded again from the lake: everything built from them
			// is built again.
			for (String model : this.project.models().keySet()) {
				this.state.forget(Job.NONE, model);
			}
			this.state.forget(Job.NONE, RawLoader.EVENTS);
		}
		long abandoned = this.state.abandonRunning(this.clock.instant());
		if (abandoned > 0) {
			log.warn("{} run(s) left running by an earlier process marked abandoned", abandoned);
		}
		this.prepared = true;
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
			compiled.put(model.name(), this.renderer.render(model));
		}
		return compiled;
	}

	/** Compiles {@code model} as a full build would. */
	public Compiled compile(String model) {
		return this.renderer.render(this.project.models().get(model));
	}

	/** The id of the run in progress, if any. */
	public String runningId() {
		return this.running.get();
	}

	/**
	 * Starts a run on the runner's thread and returns its id at once.
	 * @throws RunInProgressException if a run is going on
	 * @throws IllegalArgumentException if the selection names no model
	 */
	public String submit(RunRequest request, String trigger) {
		check(request);
		String id = claim();
		this.executor.execute(() -> run(id, request, trigger));
		return id;
	}

	/** Claims and runs now, on this thread. */
	public RunSummary run(RunRequest request, String trigger) {
		check(request);
		return run(claim(), request, trigger);
	}

	/**
	 * Refuses, before anything runs, a request whose range is out of bounds or whose
	 * selection names no model.
	 * @throws IllegalArgumentException naming what is wrong
	 */
	private void check(RunRequest request) {
		request.checkAgainst(LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC));
		dag().select(request.select(), (name) -> List.of());
	}

	/**
	 * Asks run {@code runId} to stop at its next step; false when it is not the run in
	 * progress.
	 */
	public boolean cancel(String runId, String reason) {
		if (runId == null || !runId.equals(this.running.get())) {
			return false;
		}
		this.stopReason = reason;
		return true;
	}

	/**
	 * Throws if the running run must stop: cancelled, past its deadline, shutting down.
	 */
	private void checkpoint() {
		String reason = this.stopReason;
		if (reason != null) {
			throw new RunCancelledException(reason);
		}
		Instant until = this.runDeadline;
		if (until != null && this.clock.instant().isAfter(until)) {
			throw new RunCancelledException("the run passed its deadline of " + this.deadline.toSeconds() + " s");
		}
	}

	/**
	 * Claims the right to run (a run id), or fails with the id of the run in progress;
	 * {@link #run(String, RunRequest, String)} runs under it.
	 */
	public String claim() {
		prepare();
		String id = UUID.randomUUID().toString();
		if (!this.running.compareAndSet(null, id)) {
			throw new RunInProgressException(this.running.get());
		}
		// A cancel from now on (even before the run begins) stops this run.
		this.stopReason = null;
		return id;
	}

	/** Runs under a claimed id, on this thread; releases it at the end. */
	public RunSummary run(String runId, RunRequest request, String trigger) {
		this.runDeadline = this.clock.instant().plus(this.deadline);
		try {
			return execute(runId, request, trigger);
		}
		finally {
			this.runDeadline = null;
			this.running.compareAndSet(runId, null);
		}
	}

	@Override
	public void close() {
		// Graceful shutdown: the running run stops at its next step and is recorded
		// cancelled, within the shutdown grace period.
		String id = this.running.get();
		if (id != null) {
			cancel(id, "the service is shutting down");
		}
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.executor.shutdownNow();
		}
	}

	private RunSummary execute(String runId, RunRequest request, String trigger) {
		Instant started = this.clock.instant();
		this.state.runStarted(runId, trigger, request.select(), request.fullRefresh(), request.from(), request.to(),
				started);
		List<ModelResult> results = new ArrayList<>();
		RawLoader.Load load = RawLoader.Load.NONE;
		long loadMs = 0;
		Instant watermark = this.state.lastWatermark();
		String error = null;
		String cancelled = null;
		try {
			Map<String, Compiled> compiled = compileAll();
			Dag dag = dag(compiled);
			List<String> selected = dag.select(request.select(), (name) -> compiled.get(name).config().tags());
			Intervals intervals = this.state.intervals();
			Sequence seq = new Sequence(this.state.lastSeq());
			checkpoint();
			loadSeeds(runId, intervals, seq);
			Instant before = watermark;
			watermark = this.watermark.advance(before);
			long loading = System.nanoTime();
			load = this.loader.load(new Job(runId, "load"), before, watermark, this::checkpoint);
			loadMs = elapsed(loading);
			if (!load.eventDates().isEmpty()) {
				record(new Job(runId, "load"), intervals, RawLoader.EVENTS, load.eventDates(), seq.next(), null, false);
			}
			if (load.quarantineChanged()) {
				record(new Job(runId, "load"), intervals, RawLoader.QUARANTINE, null, seq.next(), null, false);
			}
			Map<String, Set<LocalDate>> restated = (request.from() != null)
					? restate(runId, selected, compiled, intervals, request.from(), request.to()) : Map.of();
			Planner planner = new Planner(compiled);
			Map<String, ModelResult> byModel = new HashMap<>();
			for (String name : selected) {
				checkpoint();
				ModelResult result = build(runId, this.project.models().get(name), dag, byModel, planner, intervals,
						seq, watermark, request.fullRefresh(), restated.getOrDefault(name, Set.of()));
				byModel.put(name, result);
				results.add(result);
			}
		}
		catch (RunCancelledException ex) {
			cancelled = ex.getMessage();
			error = "cancelled: " + cancelled;
			log.warn("run {} cancelled: {}", runId, cancelled);
		}
		catch (RuntimeException ex) {
			error = ex.getMessage();
			log.warn("run {} failed before building: {}", runId, error);
		}
		recordModels(runId, results);
		boolean ok = error == null && results.stream().allMatch(ModelResult::succeeded);
		String status = (cancelled != null) ? "cancelled" : ok ? "success" : "failed";
		Instant finished = this.clock.instant();
		this.state.runFinished(runId, status, finished, load.objects(), load.rows(), watermark, error);
		log.info(
				"run {} {}: loaded {} objects ({} events, {} quarantined, {} lines rejected) in {} ms, watermark {}, "
						+ "{} models built, {} up to date",
				runId, status, load.objects(), load.rows(), load.quarantined(), load.rejected(), loadMs, watermark,
				results.stream().filter((result) -> "success".equals(result.status())).count(),
				results.stream().filter((result) -> "up_to_date".equals(result.status())).count());
		return new RunSummary(runId, status, trigger, utc(started), utc(finished), load, loadMs, results, watermark,
				error);
	}

	/** (Re)builds each seed whose table is missing or whose CSV changed. */
	private void loadSeeds(String runId, Intervals intervals, Sequence seq) {
		for (Seed seed : this.project.seeds().values()) {
			Intervals.Built built = intervals.whole(seed.name());
			if (built != null && seed.hash().equals(built.sqlHash()) && this.warehouse.exists(seed.name())) {
				continue;
			}
			Job job = new Job(runId, seed.name());
			retrying(seed.name(), () -> this.warehouse.replaceTable(job, seed.name(),
					this.warehouse.dialect().selectStrings(seed.columns(), seed.rows()), null));
			record(job, intervals, seed.name(), null, seq.next(), seed.hash(), true);
		}
	}

	/**
	 * Forgets the selected incremental models' intervals from {@code from} to {@code to};
	 * returns, per model, the dates it had there.
	 */
	private Map<String, Set<LocalDate>> restate(String runId, List<String> selected, Map<String, Compiled> compiled,
			Intervals intervals, LocalDate from, LocalDate to) {
		List<String> models = selected.stream().filter((name) -> compiled.get(name).config().incremental()).toList();
		Map<String, Set<LocalDate>> restated = new HashMap<>();
		for (String model : models) {
			restated.put(model, new java.util.TreeSet<>(intervals.dates(model).subMap(from, true, to, true).keySet()));
			intervals.restate(model, from, to);
		}
		this.state.restate(new Job(runId, "restate"), models, from, to);
		return restated;
	}

	private void record(Job job, Intervals intervals, String node, Set<LocalDate> dates, long seq, String sqlHash,
			boolean replaceAll) {
		this.state.recordBuilt(job, node, dates, seq, sqlHash, replaceAll);
		intervals.built(node, dates, new Intervals.Built(seq, sqlHash), replaceAll);
	}

	private ModelResult build(String runId, Model model, Dag dag, Map<String, ModelResult> done, Planner planner,
			Intervals intervals, Sequence seq, Instant watermark, boolean fullRefresh, Set<LocalDate> restated) {
		for (String parent : dag.upstreamOf(model.name())) {
			ModelResult upstream = done.get(parent);
			if (upstream != null && !upstream.succeeded()) {
				return ModelResult.skipped(model.name(), "upstream " + parent + " " + upstream.status());
			}
		}
		long started = System.nanoTime();
		Job job = new Job(runId, model.name());
		String sqlHash = this.renderer.sqlHash(model);
		Planner.Plan plan = planner.plan(model.name(), intervals, this.warehouse.exists(model.name()), sqlHash,
				fullRefresh, restated);
		if (plan.kind() == Planner.Plan.Kind.UP_TO_DATE) {
			// Nothing to build; what time alone changes (freshness) is checked all the
			// same.
			List<TestResult> tests = test(model, null, false);
			boolean failedTest = tests.stream().anyMatch((test) -> "fail".equals(test.status()));
			return ModelResult.upToDate(model.name(), failedTest, tests, elapsed(started));
		}
		Compiled compiled = null;
		try {
			boolean partial = plan.kind() == Planner.Plan.Kind.PARTITIONS;
			compiled = this.renderer.render(model, partial, partial ? plan.dates() : Set.of(), watermark);
			String sql = compiled.sql();
			String column = compiled.config().partitionBy();
			JobResult jobs = switch (compiled.config().materialized()) {
				case "view" -> retrying(model.name(), () -> this.warehouse.createView(job, model.name(), sql));
				case "table" -> retrying(model.name(), () -> this.warehouse.replaceTable(job, model.name(), sql, null));
				default -> partial
						? retrying(model.name(),
								() -> this.warehouse.replacePartitions(job, model.name(), sql, column, plan.dates()))
						: retrying(model.name(), () -> this.warehouse.replaceTable(job, model.name(), sql, column));
			};
			// After a partition replace, row-level tests check the replaced dates only,
			// as SQLMesh audits the intervals it processed; a full build checks every
			// row.
			String scope = partial ? column + " IN (" + Dialect.dateList(plan.dates()) + ")" : null;
			List<TestResult> tests = test(model, scope, true);
			boolean failedTest = tests.stream().anyMatch((test) -> "fail".equals(test.status()));
			List<String> dates = compiled.config().incremental()
					? plan.dates().stream().map(LocalDate::toString).toList() : List.of();
			if (!failedTest) {
				Set<LocalDate> built = !compiled.config().incremental() ? null
						: partial ? plan.dates() : withOwnDates(model.name(), column, plan.dates());
				long at = seq.next();
				record(job, intervals, model.name(), built, at, sqlHash, !partial);
				if (!partial && built != null) {
					// The whole, as a marker of the full build and its SQL.
					record(job, intervals, model.name(), null, at, sqlHash, false);
				}
			}
			return new ModelResult(model.name(), failedTest ? "test_failed" : "success",
					compiled.config().materialized(), this.warehouse.rowCount(model.name()), elapsed(started), dates,
					sqlHash, tests, plan.reason(), jobs.bytesProcessed(), sql, null);
		}
		catch (WarehouseException ex) {
			log.warn("model {} failed: {}", model.name(), ex.getMessage());
			return new ModelResult(model.name(), "failed", (compiled != null) ? compiled.config().materialized() : null,
					null, elapsed(started), List.of(), sqlHash, List.of(), plan.reason(), null,
					(compiled != null) ? compiled.sql() : null, ex.getMessage());
		}
	}

	/**
	 * The dates a full build of an incremental model built: what its inputs have, and
	 * what its table holds (a model may read tables the plan does not track).
	 */
	private Set<LocalDate> withOwnDates(String model, String column, Set<LocalDate> candidates) {
		Set<LocalDate> dates = new java.util.TreeSet<>(candidates);
		for (Map<String, Object> row : this.warehouse.query("SELECT DISTINCT " + column + " AS d FROM "
				+ this.warehouse.relation(model) + " WHERE " + column + " IS NOT NULL", Integer.MAX_VALUE)) {
			dates.add((LocalDate) row.get("d"));
		}
		return dates;
	}

	/**
	 * Runs {@code step}, retrying a transient warehouse failure up to {@value #ATTEMPTS}
	 * attempts with exponential backoff; a SQL error fails at once.
	 */
	private JobResult retrying(String model, Supplier<JobResult> step) {
		for (int attempt = 1;; attempt++) {
			checkpoint();
			try {
				return step.get();
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

	/**
	 * Runs {@code model}'s tests; row-level tests see only the rows matching
	 * {@code scope} when it is set, and run only after a build ({@code built}).
	 */
	private List<TestResult> test(Model model, String scope, boolean built) {
		List<TestResult> results = new ArrayList<>();
		String relation = this.warehouse.relation(model.name());
		String rows = (scope != null) ? "(SELECT * FROM " + relation + " WHERE " + scope + ")" : relation;
		for (DataTest test : model.tests()) {
			if (!built && !DataTests.dependsOnTime(test)) {
				continue;
			}
			checkpoint();
			long started = System.nanoTime();
			String failing = DataTests.failingRows(test, DataTests.isRowLevel(test) ? rows : relation,
					this.warehouse::relation, utc(this.clock.instant()));
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

	/** Records every model's outcome. */
	private void recordModels(String runId, List<ModelResult> results) {
		for (ModelResult result : results) {
			this.state.modelFinished(runId, result.model(), result.status(), result.materialized(), result.rows(),
					result.durationMs(), result.bytesProcessed(), result.sqlHash(), result.sql(), result.dates(),
					this.json.writeValueAsString(result.tests()), (result.error() != null) ? result.error()
							: (result.reason() != null) ? "built in full: " + result.reason() : null);
		}
	}

	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static long elapsed(long started) {
		return (System.nanoTime() - started) / 1_000_000;
	}

	/** The build sequence: one number per build, growing across runs. */
	private static final class Sequence {

		private long last;

		Sequence(long last) {
			this.last = last;
		}

		long next() {
			return ++this.last;
		}

	}

}
