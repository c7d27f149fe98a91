package io.shoplake.transform.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.shoplake.events.LakeSchema;
import io.shoplake.transform.render.Dialect;
import org.duckdb.DuckDBConnection;

/**
 * The embedded warehouse: one DuckDB file, one writer connection (every write holds its
 * lock), and a duplicated connection per read so API reads run beside a build. The lake
 * and quarantine are read in place, with a declared schema: each line is taken as JSON
 * and every column is extracted and cast explicitly (no type inference).
 */
public final class DuckDbWarehouse implements Warehouse {

	/**
	 * {@code read_json}'s {@code columns}: the declared type of every field of a line.
	 */
	private static final String LINE_COLUMNS = LakeSchema.v1()
		.columns()
		.stream()
		.map((column) -> "'" + column.name() + "': '" + Dialect.DUCKDB.typeOf(column.type()) + "'")
		.collect(Collectors.joining(", ", "{", "}"));

	private final DuckDBConnection writer;

	private final ReentrantLock writing = new ReentrantLock();

	private final Path lake;

	private final Path quarantine;

	/** Set when {@link #prepare()} dropped a raw table of an earlier layout. */
	private boolean reloaded;

	public DuckDbWarehouse(Path file, Path lake, Path quarantine) {
		this.lake = lake;
		this.quarantine = quarantine;
		try {
			if (file.getParent() != null) {
				Files.createDirectories(file.getParent());
			}
			this.writer = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
			try (Statement statement = this.writer.createStatement()) {
				// No model relies on the order rows were inserted in (every order is an
				// ORDER BY), so DuckDB may write in parallel without keeping it.
				statement.execute("SET preserve_insertion_order = false");
			}
		}
		catch (SQLException | IOException ex) {
			throw new WarehouseException("cannot open DuckDB at " + file + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public Dialect dialect() {
		return Dialect.DUCKDB;
	}

	@Override
	public String relation(String name) {
		return "\"" + name + "\"";
	}

	@Override
	public void prepare() {
		execute("""
				CREATE TABLE IF NOT EXISTS _shoplake_loaded_objects (
				  object VARCHAR PRIMARY KEY, store VARCHAR, lines BIGINT, run_id VARCHAR, loaded_at TIMESTAMP)""");
		List<String> existing = query(
				"SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'raw_events' ORDER BY ordinal_position",
				Integer.MAX_VALUE)
			.stream()
			.map((row) -> (String) row.get("column_name"))
			.toList();
		if (!existing.isEmpty() && !existing.equals(RawEvents.COLUMNS)) {
			// Written by an earlier version with other columns: the lake is the source of
			// truth, so the table is loaded again from it, and the models rebuilt.
			inTransaction((statement) -> {
				statement.execute("DROP TABLE raw_events");
				statement.execute("DELETE FROM _shoplake_loaded_objects WHERE store = 'lake'");
				return null;
			});
			this.reloaded = true;
		}
		execute("CREATE TABLE IF NOT EXISTS raw_events (" + RawEvents.declaration(Dialect.DUCKDB) + ")");
		execute("""
				CREATE TABLE IF NOT EXISTS raw_quarantine (
				  _file VARCHAR NOT NULL, message_id VARCHAR, stage VARCHAR, publish_time TIMESTAMP,
				  received_at TIMESTAMP, publish_date DATE, event_type VARCHAR, record JSON)""");
		execute("""
				CREATE TABLE IF NOT EXISTS _shoplake_runs (
				  run_id VARCHAR PRIMARY KEY, status VARCHAR, trigger VARCHAR, selection VARCHAR,
				  full_refresh BOOLEAN, restate_from DATE, restate_to DATE, started_at TIMESTAMP,
				  finished_at TIMESTAMP, objects_loaded BIGINT, rows_loaded BIGINT, error VARCHAR)""");
		execute("""
				CREATE TABLE IF NOT EXISTS _shoplake_run_models (
				  run_id VARCHAR, model VARCHAR, status VARCHAR, materialized VARCHAR, rows BIGINT,
				  duration_ms BIGINT, bytes_processed BIGINT, sql_hash VARCHAR, sql VARCHAR, dates VARCHAR,
				  tests JSON, error VARCHAR, PRIMARY KEY (run_id, model))""");
		execute("""
				CREATE TABLE IF NOT EXISTS _shoplake_model_dates (
				  model VARCHAR, event_date DATE, run_id VARCHAR, built_at TIMESTAMP,
				  PRIMARY KEY (model, event_date))""");
	}

	@Override
	public LoadResult loadNewObjects(String runId) {
		this.writing.lock();
		try {
			Set<String> loaded = new HashSet<>();
			for (Map<String, Object> row : query("SELECT object FROM _shoplake_loaded_objects", Integer.MAX_VALUE)) {
				loaded.add((String) row.get("object"));
			}
			List<String> events = newObjects(this.lake, "events", "lake", loaded);
			List<String> failed = newObjects(this.quarantine, "failed", "quarantine", loaded);
			if (events.isEmpty() && failed.isEmpty()) {
				return LoadResult.NONE;
			}
			return inTransaction((statement) -> {
				long rows = 0;
				long quarantined = 0;
				Set<LocalDate> dates = new TreeSet<>();
				if (!events.isEmpty()) {
					// Each line is parsed once, straight into the declared column types;
					// rows are written grouped by type and date, so a model that reads
					// one event type (or a few dates) skips the other row groups.
					String newRows = load(statement, "raw_events", "lake", this.lake, events, runId,
							"BY NAME SELECT filename AS _file, * EXCLUDE (filename), CAST(occurred_at AS DATE) AS event_date "
									+ "FROM read_json(%s, format = 'newline_delimited', columns = " + LINE_COLUMNS
									+ ", filename = true, hive_partitioning = false) ORDER BY event_type, event_date");
					try (ResultSet result = statement.executeQuery(
							"SELECT event_date, count(*) FROM raw_events WHERE " + newRows + " GROUP BY event_date")) {
						while (result.next()) {
							LocalDate date = result.getObject(1, LocalDate.class);
							if (date != null) {
								dates.add(date);
							}
							rows += result.getLong(2);
						}
					}
				}
				if (!failed.isEmpty()) {
					String newRows = load(statement, "raw_quarantine", "quarantine", this.quarantine, failed, runId, """
							SELECT filename AS _file,
							  json->>'$.message_id' AS message_id,
							  json->>'$.stage' AS stage,
							  CAST(json->>'$.publish_time' AS TIMESTAMP) AS publish_time,
							  CAST(json->>'$.received_at' AS TIMESTAMP) AS received_at,
							  CAST(coalesce(CAST(json->>'$.publish_time' AS TIMESTAMP),
							    CAST(json->>'$.received_at' AS TIMESTAMP)) AS DATE) AS publish_date,
							  json->>'$.attributes.event_type' AS event_type,
							  json AS record
							FROM read_ndjson_objects(%s, filename = true)""");
					try (ResultSet result = statement
						.executeQuery("SELECT count(*) FROM raw_quarantine WHERE " + newRows)) {
						result.next();
						quarantined = result.getLong(1);
					}
				}
				boolean reloaded = this.reloaded;
				this.reloaded = false;
				return new LoadResult(events.size() + failed.size(), rows, quarantined, dates, reloaded);
			});
		}
		finally {
			this.writing.unlock();
		}
	}

	/**
	 * Inserts the lines of {@code files} (under {@code root}) into {@code table} through
	 * {@code select}, whose {@code %s} is the file list, and records each file as loaded
	 * from {@code store}. Returns the condition that picks the rows just inserted.
	 */
	private static String load(Statement statement, String table, String store, Path root, List<String> files,
			String runId, String select) throws SQLException {
		String list = fileList(root, files);
		statement.execute("INSERT INTO " + table + " " + select.formatted(list));
		// A list of constants, so the scan can skip row groups by their _file statistics.
		String newRows = "_file IN (" + list.substring(1, list.length() - 1) + ")";
		statement.execute("""
				INSERT INTO _shoplake_loaded_objects
				SELECT replace(_file, '%s', ''), '%s', count(*), '%s', now()::TIMESTAMP
				FROM %s WHERE %s GROUP BY _file""".formatted(prefix(root), store, runId, table, newRows));
		return newRows;
	}

	/**
	 * Objects under {@code root/top} not yet loaded, by name relative to {@code root}.
	 * Hidden files (a write in progress) are never listed.
	 */
	private static List<String> newObjects(Path root, String top, String store, Set<String> loaded) {
		Path start = root.resolve(top);
		if (!Files.isDirectory(start)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(start)) {
			return files.filter(Files::isRegularFile)
				.filter((path) -> path.getFileName().toString().endsWith(".ndjson.gz"))
				.filter((path) -> !path.getFileName().toString().startsWith("."))
				.map((path) -> root.relativize(path).toString().replace('\\', '/'))
				.filter((name) -> !loaded.contains(name))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list the " + store + " at " + start, ex);
		}
	}

	private static String prefix(Path root) {
		return root.toAbsolutePath().normalize().toString().replace('\\', '/').replace("'", "''") + "/";
	}

	private static String fileList(Path root, List<String> names) {
		String base = prefix(root);
		return names.stream()
			.map((name) -> "'" + base + name.replace("'", "''") + "'")
			.collect(Collectors.joining(", ", "[", "]"));
	}

	@Override
	public void loadSeed(String name, String csv) {
		try {
			Path file = Files.createTempFile("seed-" + name, ".csv");
			try {
				Files.writeString(file, csv);
				execute("CREATE OR REPLACE TABLE " + relation(name) + " AS SELECT * FROM read_csv('"
						+ file.toAbsolutePath().toString().replace("'", "''")
						+ "', header = true, all_varchar = true)");
			}
			finally {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public boolean exists(String name) {
		return !query("SELECT 1 FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?", 1, name)
			.isEmpty();
	}

	@Override
	public void createView(String name, String sql) {
		execute("CREATE OR REPLACE VIEW " + relation(name) + " AS\n" + sql);
	}

	@Override
	public void replaceTable(String name, String sql) {
		// One statement: if the SELECT fails, the old table stays as it was.
		if (isView(name)) {
			execute("DROP VIEW " + relation(name));
		}
		execute("CREATE OR REPLACE TABLE " + relation(name) + " AS\n" + sql);
	}

	private boolean isView(String name) {
		return !query("SELECT 1 FROM information_schema.tables WHERE table_name = ? AND table_type = 'VIEW'", 1, name)
			.isEmpty();
	}

	@Override
	public void replacePartitions(String name, String sql, String column, Collection<LocalDate> dates) {
		if (dates.isEmpty()) {
			return;
		}
		String list = Dialect.dateList(dates);
		inTransaction((statement) -> {
			statement.execute("DELETE FROM " + relation(name) + " WHERE " + column + " IN (" + list + ")");
			statement.execute("INSERT INTO " + relation(name) + " BY NAME SELECT * FROM (\n" + sql + "\n) WHERE "
					+ column + " IN (" + list + ")");
			return null;
		});
	}

	/**
	 * Runs {@code work} on the writer connection in one transaction, rolled back if it
	 * fails.
	 */
	private <T> T inTransaction(Work<T> work) {
		this.writing.lock();
		try {
			this.writer.setAutoCommit(false);
			try (Statement statement = this.writer.createStatement()) {
				T result = work.run(statement);
				this.writer.commit();
				return result;
			}
			catch (SQLException | RuntimeException ex) {
				this.writer.rollback();
				throw (ex instanceof WarehouseException failure) ? failure
						: new WarehouseException(ex.getMessage(), ex);
			}
			finally {
				this.writer.setAutoCommit(true);
			}
		}
		catch (SQLException ex) {
			throw new WarehouseException(ex.getMessage(), ex);
		}
		finally {
			this.writing.unlock();
		}
	}

	/** Statements run in one transaction. */
	private interface Work<T> {

		T run(Statement statement) throws SQLException;

	}

	@Override
	public long rowCount(String name) {
		return ((Number) query("SELECT count(*) AS n FROM " + relation(name), 1).get(0).get("n")).longValue();
	}

	@Override
	public void execute(String sql, Object... parameters) {
		this.writing.lock();
		try (PreparedStatement statement = this.writer.prepareStatement(sql)) {
			bind(statement, parameters);
			statement.execute();
		}
		catch (SQLException ex) {
			throw new WarehouseException(ex.getMessage(), ex);
		}
		finally {
			this.writing.unlock();
		}
	}

	@Override
	public List<Map<String, Object>> query(String sql, int limit, Object... parameters) {
		try (Connection reader = this.writer.duplicate(); PreparedStatement statement = reader.prepareStatement(sql)) {
			bind(statement, parameters);
			try (ResultSet result = statement.executeQuery()) {
				ResultSetMetaData meta = result.getMetaData();
				List<Map<String, Object>> rows = new ArrayList<>();
				while (rows.size() < limit && result.next()) {
					Map<String, Object> row = new LinkedHashMap<>();
					for (int i = 1; i <= meta.getColumnCount(); i++) {
						Object value = result.getObject(i);
						row.put(meta.getColumnLabel(i), (value instanceof java.sql.Date date) ? date.toLocalDate()
								: (value instanceof java.sql.Timestamp ts) ? ts.toLocalDateTime() : value);
					}
					rows.add(row);
				}
				return rows;
			}
		}
		catch (SQLException ex) {
			throw new WarehouseException(ex.getMessage(), ex);
		}
	}

	private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
		for (int i = 0; i < parameters.length; i++) {
			statement.setObject(i + 1, parameters[i]);
		}
	}

	@Override
	public void close() {
		try {
			this.writer.close();
		}
		catch (SQLException ex) {
			throw new WarehouseException(ex.getMessage(), ex);
		}
	}

}
