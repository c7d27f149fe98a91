package io.shoplake.transform.state;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.shoplake.transform.render.Dialect;
import io.shoplake.transform.render.Dialect.SqlType;
import io.shoplake.transform.warehouse.Warehouse;
import io.shoplake.transform.warehouse.Warehouse.Job;

/**
 * The run state, kept in the warehouse beside the data it describes, and the only code
 * that reads or writes it: which lake objects are loaded, each run and each model's
 * outcome in it, and the <em>intervals</em> — for every model, source and seed, which
 * event dates (or, for a whole table, the table) it has built, when (a sequence number
 * that only grows) and from which SQL. The plan compares these to decide what each model
 * is missing (as SQLMesh's interval state does); nothing else decides it.
 */
public final class StateStore {

	/**
	 * Version of the state layout. A warehouse of another version is reset: state and raw
	 * tables are dropped, the lake is loaded again and every model rebuilt (the lake is
	 * the source of truth).
	 */
	static final String VERSION = "2";

	static final String META = "_shoplake_state";

	static final String LOADED = "_shoplake_loaded_objects";

	static final String RUNS = "_shoplake_runs";

	static final String RUN_MODELS = "_shoplake_run_models";

	static final String INTERVALS = "_shoplake_intervals";

	/** Tables of earlier layouts, dropped by a reset. */
	private static final List<String> FORMER = List.of("_shoplake_model_dates");

	private final Warehouse warehouse;

	private final Dialect dialect;

	public StateStore(Warehouse warehouse) {
		this.warehouse = warehouse;
		this.dialect = warehouse.dialect();
	}

	/**
	 * Creates the state tables if they do not exist. A warehouse written by another
	 * layout is reset first: its state tables and {@code rawTables} are dropped.
	 * @return whether it was reset
	 */
	public boolean prepare(List<String> rawTables) {
		boolean reset = false;
		boolean written = this.warehouse.exists(RUNS) || this.warehouse.exists(LOADED);
		String version = this.warehouse.exists(META)
				? this.warehouse.query("SELECT value FROM " + relation(META) + " WHERE name = 'version'", 1)
					.stream()
					.map((row) -> (String) row.get("value"))
					.findFirst()
					.orElse(null)
				: null;
		if (written && !VERSION.equals(version)) {
			List<String> drop = new ArrayList<>(List.of(META, LOADED, RUNS, RUN_MODELS, INTERVALS));
			drop.addAll(FORMER);
			drop.addAll(rawTables);
			for (String table : drop) {
				this.warehouse.execute(Job.NONE, "DROP TABLE IF EXISTS " + relation(table));
			}
			reset = true;
		}
		create(META, "name STRING", "value STRING");
		create(LOADED, "object STRING", "store STRING", "lines INT64", "run_id STRING", "loaded_at TIMESTAMP");
		create(RUNS, "run_id STRING", "status STRING", "trigger STRING", "selection STRING", "full_refresh BOOL",
				"restate_from DATE", "restate_to DATE", "started_at TIMESTAMP", "finished_at TIMESTAMP",
				"objects_loaded INT64", "rows_loaded INT64", "watermark TIMESTAMP", "error STRING");
		create(RUN_MODELS, "run_id STRING", "model STRING", "status STRING", "materialized STRING", "rows INT64",
				"duration_ms INT64", "bytes_processed INT64", "sql_hash STRING", "sql STRING", "dates STRING",
				"tests JSON", "error STRING");
		create(INTERVALS, "node STRING", "interval_date DATE", "seq INT64", "sql_hash STRING", "run_id STRING",
				"built_at TIMESTAMP");
		if (!VERSION.equals(version)) {
			this.warehouse.executeAtomically(Job.NONE, List.of("DELETE FROM " + relation(META) + " WHERE TRUE",
					"INSERT INTO " + relation(META) + " (name, value) VALUES ('version', '" + VERSION + "')"));
		}
		return reset;
	}

	/** {@code CREATE TABLE IF NOT EXISTS} with columns {@code "name TYPE"}. */
	private void create(String table, String... columns) {
		String declared = java.util.Arrays.stream(columns).map((column) -> {
			String[] parts = column.split(" ");
			return this.dialect.quote(parts[0]) + " " + this.dialect.type(SqlType.valueOf(parts[1]));
		}).collect(Collectors.joining(", "));
		this.warehouse.execute(Job.NONE, "CREATE TABLE IF NOT EXISTS " + relation(table) + " (" + declared + ")");
	}

	private String relation(String table) {
		return this.warehouse.relation(table);
	}

	// ---- loaded objects

	/**
	 * Names of the objects loaded from {@code store} ({@code lake}, {@code quarantine}).
	 */
	public Set<String> loadedObjects(String store) {
		return this.warehouse
			.query("SELECT object FROM " + relation(LOADED) + " WHERE store = ?", Integer.MAX_VALUE, store)
			.stream()
			.map((row) -> (String) row.get("object"))
			.collect(Collectors.toSet());
	}

	/**
	 * The statement that records {@code objects} as loaded from {@code store} by
	 * {@code runId}, with their line counts in {@code table} (run in the load's
	 * transaction).
	 */
	public String recordLoaded(String store, String table, List<String> objects, String runId) {
		String names = this.dialect.selectStrings(List.of("object"),
				objects.stream().map(List::of).collect(Collectors.toList()));
		return "INSERT INTO " + relation(LOADED) + " (object, store, lines, run_id, loaded_at) SELECT o.object, "
				+ this.dialect.string(store) + ", (SELECT count(*) FROM " + relation(table)
				+ " r WHERE r._file = o.object), " + this.dialect.string(runId) + ", " + this.dialect.now() + " FROM ("
				+ names + ") o";
	}

	/** The statement that forgets every object loaded from {@code store}. */
	public String forgetLoaded(String store) {
		return "DELETE FROM " + relation(LOADED) + " WHERE store = " + this.dialect.string(store);
	}

	// ---- runs

	/** Records a run as started. */
	public void runStarted(String runId, String trigger, String selection, boolean fullRefresh, LocalDate restateFrom,
			LocalDate restateTo, Instant startedAt) {
		this.warehouse.execute(Job.NONE,
				"INSERT INTO " + relation(RUNS)
						+ " (run_id, status, trigger, selection, full_refresh, restate_from, restate_to, started_at)"
						+ " VALUES (?, 'running', ?, ?, ?, ?, ?, ?)",
				runId, trigger, selection, fullRefresh, restateFrom, restateTo, utc(startedAt));
	}

	/** Records how a run ended. */
	public void runFinished(String runId, String status, Instant finishedAt, long objectsLoaded, long rowsLoaded,
			Instant watermark, String error) {
		this.warehouse.execute(Job.NONE,
				"UPDATE " + relation(RUNS) + " SET status = ?, finished_at = ?, objects_loaded = ?, rows_loaded = ?, "
						+ "watermark = ?, error = ? WHERE run_id = ?",
				status, utc(finishedAt), objectsLoaded, rowsLoaded, (watermark != null) ? utc(watermark) : null, error,
				runId);
	}

	/**
	 * Marks runs still {@code running} (their process ended without finishing them) as
	 * {@code abandoned}; returns how many.
	 */
	public long abandonRunning(Instant foundAt) {
		long running = this.warehouse
			.query("SELECT count(*) AS n FROM " + relation(RUNS) + " WHERE status = 'running'", 1)
			.stream()
			.mapToLong((row) -> ((Number) row.get("n")).longValue())
			.sum();
		if (running > 0) {
			this.warehouse.execute(Job.NONE,
					"UPDATE " + relation(RUNS) + " SET status = 'abandoned', finished_at = ?, "
							+ "error = 'the process running it ended before it finished' WHERE status = 'running'",
					utc(foundAt));
		}
		return running;
	}

	/** Records one model's outcome in a run. */
	public void modelFinished(String runId, String model, String status, String materialized, Long rows,
			long durationMs, Long bytesProcessed, String sqlHash, String sql, List<String> dates, String testsJson,
			String error) {
		this.warehouse.execute(Job.NONE,
				"INSERT INTO " + relation(RUN_MODELS) + " (run_id, model, status, materialized, rows, duration_ms, "
						+ "bytes_processed, sql_hash, sql, dates, tests, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
						+ this.dialect.jsonColumn("?") + ", ?)",
				runId, model, status, materialized, rows, durationMs, bytesProcessed, sqlHash, sql,
				String.join(",", dates), testsJson, error);
	}

	/**
	 * The watermark the newest run that loaded with one saw: what the marts show, or null
	 * before any.
	 */
	public Instant lastWatermark() {
		List<Map<String, Object>> rows = this.warehouse.query(
				"SELECT watermark FROM " + relation(RUNS) + " WHERE watermark IS NOT NULL ORDER BY started_at DESC", 1);
		return rows.isEmpty() ? null : ((LocalDateTime) rows.get(0).get("watermark")).toInstant(ZoneOffset.UTC);
	}

	// ---- intervals

	/** Every node's intervals, as they stand. */
	public Intervals intervals() {
		Intervals intervals = new Intervals();
		for (Map<String, Object> row : this.warehouse
			.query("SELECT node, interval_date, seq, sql_hash FROM " + relation(INTERVALS), Integer.MAX_VALUE)) {
			intervals.put((String) row.get("node"), (LocalDate) row.get("interval_date"),
					new Intervals.Built(((Number) row.get("seq")).longValue(), (String) row.get("sql_hash")));
		}
		return intervals;
	}

	/**
	 * Records that {@code node} built {@code dates} (null: the whole table) at
	 * {@code seq}; with {@code replaceAll}, its other intervals are forgotten (a full
	 * build).
	 */
	public void recordBuilt(Job job, String node, Collection<LocalDate> dates, long seq, String sqlHash,
			boolean replaceAll) {
		List<String> statements = new ArrayList<>();
		String mine = "node = " + this.dialect.string(node);
		if (replaceAll) {
			statements.add("DELETE FROM " + relation(INTERVALS) + " WHERE " + mine);
		}
		else if (dates == null) {
			statements.add("DELETE FROM " + relation(INTERVALS) + " WHERE " + mine + " AND interval_date IS NULL");
		}
		else if (!dates.isEmpty()) {
			statements.add("DELETE FROM " + relation(INTERVALS) + " WHERE " + mine + " AND interval_date IN ("
					+ Dialect.dateList(dates) + ")");
		}
		String values = (dates == null) ? row(node, "NULL", seq, sqlHash, job.runId())
				: dates.stream()
					.sorted()
					.map((date) -> row(node, "DATE '" + date + "'", seq, sqlHash, job.runId()))
					.collect(Collectors.joining(", "));
		if (!values.isEmpty()) {
			statements.add("INSERT INTO " + relation(INTERVALS)
					+ " (node, interval_date, seq, sql_hash, run_id, built_at) VALUES " + values);
		}
		if (!statements.isEmpty()) {
			this.warehouse.executeAtomically(job, statements);
		}
	}

	private String row(String node, String date, long seq, String sqlHash, String runId) {
		return "(" + this.dialect.string(node) + ", " + date + ", " + seq + ", " + this.dialect.string(sqlHash) + ", "
				+ this.dialect.string(runId) + ", " + this.dialect.now() + ")";
	}

	/**
	 * Forgets the intervals of {@code nodes} from {@code from} to {@code to}, so the plan
	 * builds them again (a restatement).
	 */
	public void restate(Job job, Collection<String> nodes, LocalDate from, LocalDate to) {
		if (nodes.isEmpty()) {
			return;
		}
		this.warehouse.execute(job,
				"DELETE FROM " + relation(INTERVALS) + " WHERE node IN ("
						+ nodes.stream().sorted().map(this.dialect::string).collect(Collectors.joining(", "))
						+ ") AND interval_date BETWEEN ? AND ?",
				from, to);
	}

	/** Forgets every interval of {@code node} (its table was dropped). */
	public void forget(Job job, String node) {
		this.warehouse.execute(job, "DELETE FROM " + relation(INTERVALS) + " WHERE node = ?", node);
	}

	/** The highest sequence number recorded, 0 before any. */
	public long lastSeq() {
		return this.warehouse.query("SELECT max(seq) AS seq FROM " + relation(INTERVALS), 1)
			.stream()
			.map((row) -> row.get("seq"))
			.filter(java.util.Objects::nonNull)
			.mapToLong((max) -> ((Number) max).longValue())
			.findFirst()
			.orElse(0);
	}

	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
