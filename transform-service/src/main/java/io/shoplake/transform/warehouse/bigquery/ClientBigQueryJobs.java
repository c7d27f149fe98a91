package io.shoplake.transform.warehouse.bigquery;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;

/** {@link BigQueryJobs} on Google's BigQuery client. */
public class ClientBigQueryJobs implements BigQueryJobs {

	private final BigQuery bigquery;

	private final String location;

	public ClientBigQueryJobs(BigQuery bigquery, String location) {
		this.bigquery = bigquery;
		this.location = location;
	}

	@Override
	public Result query(QueryJobConfiguration configuration, int limit) {
		Job job = this.bigquery
			.create(JobInfo.of(JobId.newBuilder().setLocation(this.location).build(), configuration));
		try {
			job = job.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BigQueryException(0, "interrupted while waiting for job " + job.getJobId(), ex);
		}
		if (job == null) {
			throw new BigQueryException(404, "the query job disappeared");
		}
		if (job.getStatus().getError() != null) {
			throw new BigQueryException(400, job.getStatus().getError().getMessage());
		}
		List<Map<String, Object>> rows = new ArrayList<>();
		try {
			TableResult result = job.getQueryResults();
			FieldList fields = (result.getSchema() != null) ? result.getSchema().getFields() : null;
			if (fields != null) {
				for (FieldValueList row : result.iterateAll()) {
					if (rows.size() >= limit) {
						break;
					}
					Map<String, Object> values = new LinkedHashMap<>();
					for (Field field : fields) {
						values.put(field.getName(), value(field, row.get(field.getName())));
					}
					rows.add(values);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BigQueryException(0, "interrupted while reading results", ex);
		}
		JobStatistics.QueryStatistics statistics = job.getStatistics();
		Long bytes = (statistics != null) ? statistics.getTotalBytesProcessed() : null;
		return new Result(rows, (bytes != null) ? bytes : 0);
	}

	@Override
	public long dryRun(QueryJobConfiguration configuration) {
		Job job = this.bigquery.create(JobInfo.of(JobId.newBuilder().setLocation(this.location).build(),
				configuration.toBuilder().setDryRun(true).setUseQueryCache(false).build()));
		JobStatistics.QueryStatistics statistics = job.getStatistics();
		Long bytes = (statistics != null) ? statistics.getTotalBytesProcessed() : null;
		return (bytes != null) ? bytes : 0;
	}

	@Override
	public boolean exists(TableId table) {
		return this.bigquery.getTable(table) != null;
	}

	/**
	 * A cell as the Java value the rest of the service expects (as DuckDB's JDBC gives).
	 */
	static Object value(Field field, FieldValue cell) {
		if (cell == null || cell.isNull()) {
			return null;
		}
		LegacySQLTypeName type = field.getType();
		if (LegacySQLTypeName.INTEGER.equals(type)) {
			return cell.getLongValue();
		}
		if (LegacySQLTypeName.FLOAT.equals(type)) {
			return cell.getDoubleValue();
		}
		if (LegacySQLTypeName.NUMERIC.equals(type) || LegacySQLTypeName.BIGNUMERIC.equals(type)) {
			return cell.getNumericValue();
		}
		if (LegacySQLTypeName.BOOLEAN.equals(type)) {
			return cell.getBooleanValue();
		}
		if (LegacySQLTypeName.DATE.equals(type)) {
			return LocalDate.parse(cell.getStringValue());
		}
		if (LegacySQLTypeName.DATETIME.equals(type)) {
			return LocalDateTime.parse(cell.getStringValue());
		}
		if (LegacySQLTypeName.TIMESTAMP.equals(type)) {
			return LocalDateTime.ofInstant(cell.getTimestampInstant(), ZoneOffset.UTC);
		}
		return cell.getStringValue();
	}

}
