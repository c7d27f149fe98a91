package io.shoplake.transform.warehouse.bigquery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;

/**
 * Records the jobs the warehouse asks for and answers them from the test's rules: a
 * stand-in for BigQuery that checks what is sent, not what BigQuery would compute.
 */
final class RecordingJobs implements BigQueryJobs {

	/** One call: {@code query} or {@code dry_run}, with its configuration. */
	record Call(String kind, QueryJobConfiguration configuration) {

		String sql() {
			return this.configuration.getQuery();
		}

	}

	final List<Call> calls = new ArrayList<>();

	final Set<String> tables = new HashSet<>();

	/** Rows for a query's SQL (default: none; {@code count(*)} queries: n = 0). */
	Function<String, List<Map<String, Object>>> rows = (sql) -> sql.startsWith("SELECT count(*)")
			? List.of(Map.of("n", 0L)) : List.of();

	/** Thrown by the next dry run, if set. */
	BigQueryException failDryRun;

	/** Thrown by the next query, if set. */
	BigQueryException failQuery;

	/**
	 * Queries still to answer with 403 (IAM not propagated yet), before any other rule.
	 */
	int deniedQueries;

	long bytesPerQuery = 100;

	@Override
	public synchronized Result query(QueryJobConfiguration configuration, int limit) {
		this.calls.add(new Call("query", configuration));
		if (this.deniedQueries > 0) {
			this.deniedQueries--;
			throw new BigQueryException(403, "Access Denied: User does not have bigquery.tables.create permission");
		}
		if (this.failQuery != null) {
			BigQueryException failure = this.failQuery;
			this.failQuery = null;
			throw failure;
		}
		String sql = configuration.getQuery();
		if (sql.startsWith("CREATE OR REPLACE TABLE") || sql.startsWith("CREATE OR REPLACE VIEW")
				|| sql.startsWith("CREATE TABLE IF NOT EXISTS")) {
			String name = sql.substring(sql.indexOf('`') + 1, sql.indexOf('`', sql.indexOf('`') + 1));
			this.tables.add(name.substring(name.lastIndexOf('.') + 1));
		}
		List<Map<String, Object>> answer = this.rows.apply(sql);
		return new Result(answer.subList(0, Math.min(limit, answer.size())), this.bytesPerQuery);
	}

	@Override
	public synchronized long dryRun(QueryJobConfiguration configuration) {
		this.calls.add(new Call("dry_run", configuration));
		if (this.failDryRun != null) {
			BigQueryException failure = this.failDryRun;
			this.failDryRun = null;
			throw failure;
		}
		return 1234;
	}

	@Override
	public synchronized boolean exists(TableId table) {
		return this.tables.contains(table.getTable());
	}

	synchronized List<Call> calls(String kind) {
		return this.calls.stream().filter((call) -> call.kind().equals(kind)).toList();
	}

}
