package io.shoplake.transform.warehouse;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.shoplake.transform.render.Dialect;

/**
 * Where models are built: DuckDB locally, BigQuery on Google Cloud. Every build is
 * atomic: a failed statement leaves what was there.
 */
public interface Warehouse extends AutoCloseable {

	Dialect dialect();

	/** How {@code name} (a model, a source table, a run table) is written in SQL. */
	String relation(String name);

	/** Creates the source and run-record tables if they do not exist. */
	void prepare();

	/**
	 * Loads lake and quarantine objects not loaded before into the native source tables,
	 * and records them, in one transaction.
	 */
	LoadResult loadNewObjects(String runId);

	/**
	 * (Re)creates seed table {@code name} from CSV text: every column a string, as the
	 * header names them.
	 */
	void loadSeed(String name, String csv);

	boolean exists(String name);

	void createView(String name, String sql);

	/**
	 * Builds {@code name} from {@code sql} and swaps it in; a failure keeps the old one.
	 */
	void replaceTable(String name, String sql);

	/**
	 * Like {@link #replaceTable(String, String)}, for a table partitioned by DATE column
	 * {@code partitionBy} (where the warehouse partitions tables; {@code null}: none).
	 */
	default void replaceTable(String name, String sql, String partitionBy) {
		replaceTable(name, sql);
	}

	/**
	 * Replaces the rows of {@code dates} (in DATE column {@code column}) with those
	 * {@code sql} gives for them, in one transaction.
	 */
	void replacePartitions(String name, String sql, String column, Collection<LocalDate> dates);

	long rowCount(String name);

	/** Runs a statement (DDL or DML) on the writer connection. */
	void execute(String sql, Object... parameters);

	/** Runs a query on a reader connection, at most {@code limit} rows. */
	List<Map<String, Object>> query(String sql, int limit, Object... parameters);

	/**
	 * Names the run and model the next statements belong to (BigQuery labels its jobs
	 * with them) and starts counting the bytes they process.
	 */
	default void label(String runId, String model) {
	}

	/**
	 * Bytes processed since the last {@link #label}, or {@code null} where the warehouse
	 * does not say (DuckDB).
	 */
	default Long bytesProcessed() {
		return null;
	}

	@Override
	default void close() {
	}

}
