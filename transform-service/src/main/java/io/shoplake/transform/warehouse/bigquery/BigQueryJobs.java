package io.shoplake.transform.warehouse.bigquery;

import java.util.List;
import java.util.Map;

import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;

/**
 * The few BigQuery calls the warehouse makes, so that what it asks BigQuery to do can be
 * checked without BigQuery ({@link ClientBigQueryJobs} is the real one).
 */
public interface BigQueryJobs {

	/**
	 * Runs a query job to completion.
	 * @throws com.google.cloud.bigquery.BigQueryException if it fails
	 */
	Result query(QueryJobConfiguration configuration, int limit);

	/**
	 * Validates a query without running it (a dry run).
	 * @return the bytes it would process
	 * @throws com.google.cloud.bigquery.BigQueryException if it is not valid
	 */
	long dryRun(QueryJobConfiguration configuration);

	boolean exists(TableId table);

	/**
	 * What a query job returned.
	 *
	 * @param rows its rows (at most the limit asked), by column name, as Java values
	 * @param bytesProcessed bytes it processed (billed from these)
	 */
	record Result(List<Map<String, Object>> rows, long bytesProcessed) {
	}

}
