package io.shoplake.transform.warehouse;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.shoplake.transform.render.Dialect;

/**
 * Where SQL runs and models are materialized: DuckDB locally, BigQuery on Google Cloud.
 * Every build is atomic (a failed statement leaves what was there); every job says what
 * it processed in its {@link JobResult}. What to run is decided elsewhere, once, in SQL
 * of the warehouse's {@link #dialect()}.
 */
public interface Warehouse extends AutoCloseable {

	Dialect dialect();

	/** How {@code name} (a model, a source, seed or state table) is written in SQL. */
	default String relation(String name) {
		return dialect().relation(name);
	}

	boolean exists(String name);

	/** The columns of table {@code name}, in order; empty if it does not exist. */
	List<String> columnsOf(String name);

	/** Runs a statement (DDL or DML) on the writer connection. */
	JobResult execute(Job job, String sql, Object... parameters);

	/** Runs {@code statements} in one transaction: all of them, or none. */
	JobResult executeAtomically(Job job, List<String> statements);

	/** Runs a query on a reader connection, at most {@code limit} rows. */
	List<Map<String, Object>> query(String sql, int limit, Object... parameters);

	/** (Re)creates view {@code name}. */
	JobResult createView(Job job, String name, String sql);

	/**
	 * Builds table {@code name} from {@code sql} and swaps it in; a failure keeps the old
	 * one. {@code partitionBy}: its DATE partition column, where the warehouse partitions
	 * tables, or null.
	 */
	JobResult replaceTable(Job job, String name, String sql, String partitionBy);

	/**
	 * Replaces the rows of {@code dates} (in DATE column {@code column}) with those
	 * {@code sql} gives for them, in one transaction.
	 */
	JobResult replacePartitions(Job job, String name, String sql, String column, Collection<LocalDate> dates);

	/** Rows of {@code name}. */
	default long rowCount(String name) {
		return ((Number) query("SELECT count(*) AS n FROM " + relation(name), 1).get(0).get("n")).longValue();
	}

	@Override
	default void close() {
	}

	/**
	 * What a job belongs to (BigQuery labels its jobs with it).
	 *
	 * @param runId the run, or null for work outside runs
	 * @param model the model or step, e.g. {@code fct_orders}, {@code load}
	 */
	record Job(String runId, String model) {

		/** Work outside any run (start-up, API reads). */
		public static final Job NONE = new Job(null, null);

	}

	/**
	 * What a job did.
	 *
	 * @param bytesProcessed bytes it processed, where the warehouse says (BigQuery); null
	 * otherwise
	 */
	record JobResult(Long bytesProcessed) {

		/** A job that says nothing of what it processed. */
		public static final JobResult UNKNOWN = new JobResult(null);

		/** This and {@code other} together. */
		public JobResult plus(JobResult other) {
			if (this.bytesProcessed == null) {
				return other;
			}
			if (other.bytesProcessed == null) {
				return this;
			}
			return new JobResult(this.bytesProcessed + other.bytesProcessed);
		}

	}

}
