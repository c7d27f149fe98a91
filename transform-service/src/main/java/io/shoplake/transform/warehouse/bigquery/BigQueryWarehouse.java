package io.shoplake.transform.warehouse.bigquery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableId;
import io.shoplake.transform.render.Dialect;
import io.shoplake.transform.warehouse.Warehouse;
import io.shoplake.transform.warehouse.WarehouseException;

/**
 * The warehouse on BigQuery: one dataset per layer ({@code raw}: source and state tables;
 * {@code staging}; {@code marts}), every job labelled with the run and model it belongs
 * to, every model's SQL dry-run before it is built, incremental models replaced partition
 * by partition in one multi-statement transaction, bytes processed returned with each
 * job.
 */
public final class BigQueryWarehouse implements Warehouse {

	private static final java.time.format.DateTimeFormatter DATETIME = java.time.format.DateTimeFormatter
		.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

	private final BigQueryJobs jobs;

	private final BigQueryDialect dialect;

	/**
	 * @param jobs the BigQuery calls
	 * @param dialect the SQL of the project's datasets
	 */
	public BigQueryWarehouse(BigQueryJobs jobs, BigQueryDialect dialect) {
		this.jobs = jobs;
		this.dialect = dialect;
	}

	@Override
	public Dialect dialect() {
		return this.dialect;
	}

	@Override
	public boolean exists(String name) {
		return call(() -> this.jobs.exists(TableId.of(this.dialect.project(), this.dialect.datasetOf(name), name)));
	}

	@Override
	public List<String> columnsOf(String name) {
		return query(
				"SELECT column_name FROM `" + this.dialect.project() + "." + this.dialect.datasetOf(name)
						+ "`.INFORMATION_SCHEMA.COLUMNS WHERE table_name = ? ORDER BY ordinal_position",
				Integer.MAX_VALUE, name)
			.stream()
			.map((row) -> (String) row.get("column_name"))
			.toList();
	}

	@Override
	public JobResult createView(Job job, String name, String sql) {
		dryRun(job, sql);
		return execute(job, "CREATE OR REPLACE VIEW " + relation(name) + " AS\n" + sql);
	}

	@Override
	public JobResult replaceTable(Job job, String name, String sql, String partitionBy) {
		// One statement: if the SELECT fails, the old table stays as it was.
		dryRun(job, sql);
		return execute(job, "CREATE OR REPLACE TABLE " + relation(name)
				+ ((partitionBy != null) ? " PARTITION BY " + partitionBy : "") + " AS\n" + sql);
	}

	@Override
	public JobResult replacePartitions(Job job, String name, String sql, String column, Collection<LocalDate> dates) {
		if (dates.isEmpty()) {
			return new JobResult(0L);
		}
		dryRun(job, sql);
		String list = Dialect.dateList(dates);
		return executeAtomically(job,
				List.of("DELETE FROM " + relation(name) + " WHERE " + column + " IN (" + list + ")", "INSERT INTO "
						+ relation(name) + "\nSELECT * FROM (\n" + sql + "\n) WHERE " + column + " IN (" + list + ")"));
	}

	@Override
	public JobResult executeAtomically(Job job, List<String> statements) {
		// A multi-statement transaction is one script, one job. BigQuery allows no DDL
		// inside one, so the callers give it DML only.
		return execute(job, "BEGIN TRANSACTION;\n" + String.join(";\n", statements) + ";\nCOMMIT TRANSACTION;");
	}

	@Override
	public JobResult execute(Job job, String sql, Object... parameters) {
		QueryJobConfiguration configuration = configuration(job, sql, parameters);
		return new JobResult(call(() -> this.jobs.query(configuration, 0)).bytesProcessed());
	}

	@Override
	public List<Map<String, Object>> query(String sql, int limit, Object... parameters) {
		QueryJobConfiguration configuration = configuration(Job.NONE, sql, parameters);
		return call(() -> this.jobs.query(configuration, limit)).rows();
	}

	/**
	 * Validates {@code sql} before it runs: a wrong query fails here and changes nothing.
	 */
	private void dryRun(Job job, String sql) {
		call(() -> this.jobs.dryRun(configuration(job, sql)));
	}

	/**
	 * The job for {@code sql}: standard SQL, positional parameters (a {@code null} one
	 * written as {@code NULL}, which takes the column's type), labelled with what the job
	 * belongs to.
	 */
	QueryJobConfiguration configuration(Job job, String sql, Object... parameters) {
		StringBuilder text = new StringBuilder();
		List<QueryParameterValue> values = new ArrayList<>();
		int next = 0;
		boolean quoted = false;
		for (int i = 0; i < sql.length(); i++) {
			char c = sql.charAt(i);
			if (c == '\'') {
				quoted = !quoted;
			}
			if (c == '?' && !quoted && next < parameters.length) {
				Object value = parameters[next++];
				if (value == null) {
					text.append("NULL");
					continue;
				}
				values.add(parameter(value));
			}
			text.append(c);
		}
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("app", "shoplake");
		if (job.runId() != null) {
			labels.put("run_id", label(job.runId()));
		}
		if (job.model() != null) {
			labels.put("model", label(job.model()));
		}
		return QueryJobConfiguration.newBuilder(text.toString())
			.setUseLegacySql(false)
			.setPositionalParameters(values)
			.setLabels(labels)
			.build();
	}

	private static QueryParameterValue parameter(Object value) {
		if (value instanceof String text) {
			return QueryParameterValue.string(text);
		}
		if (value instanceof Integer || value instanceof Long) {
			return QueryParameterValue.int64(((Number) value).longValue());
		}
		if (value instanceof Double || value instanceof Float) {
			return QueryParameterValue.float64(((Number) value).doubleValue());
		}
		if (value instanceof Boolean bool) {
			return QueryParameterValue.bool(bool);
		}
		if (value instanceof LocalDate date) {
			return QueryParameterValue.date(date.toString());
		}
		if (value instanceof LocalDateTime time) {
			return QueryParameterValue.timestamp(DATETIME.format(time) + "+00:00");
		}
		if (value instanceof Instant instant) {
			return QueryParameterValue
				.timestamp(DATETIME.format(instant.atOffset(java.time.ZoneOffset.UTC)) + "+00:00");
		}
		throw new IllegalArgumentException("no BigQuery parameter type for " + value.getClass().getName());
	}

	/** A label value: lower case letters, digits, _ and -, at most 63 characters. */
	static String label(String value) {
		String cleaned = value.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
		return cleaned.substring(0, Math.min(63, cleaned.length()));
	}

	/**
	 * Runs a BigQuery call; its failure becomes a warehouse failure, transient or not.
	 */
	private static <T> T call(java.util.function.Supplier<T> call) {
		try {
			return call.get();
		}
		catch (BigQueryException ex) {
			boolean transientFailure = ex.isRetryable() || ex.getCode() == 429 || ex.getCode() >= 500;
			throw new WarehouseException(ex.getMessage(), ex, transientFailure);
		}
	}

}
