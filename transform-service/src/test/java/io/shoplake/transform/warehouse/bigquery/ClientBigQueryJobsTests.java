package io.shoplake.transform.warehouse.bigquery;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The thin adapter on Google's BigQuery client, with the client mocked (no BigQuery
 * here): jobs go to the configured location, results come back as the Java values the
 * rest of the service expects, a failed job is an error, a dry run is a dry run.
 */
class ClientBigQueryJobsTests {

	private static final QueryJobConfiguration QUERY = QueryJobConfiguration.of("SELECT 1");

	private final BigQuery bigquery = mock(BigQuery.class);

	private final ClientBigQueryJobs jobs = new ClientBigQueryJobs(this.bigquery, "EU");

	@Test
	void cellsBecomeTheJavaValuesDuckDbsJdbcGives() {
		assertThat(value(StandardSQLTypeName.INT64, "42")).isEqualTo(42L);
		assertThat(value(StandardSQLTypeName.FLOAT64, "1.5")).isEqualTo(1.5);
		assertThat(value(StandardSQLTypeName.NUMERIC, "12.34")).isEqualTo(new BigDecimal("12.34"));
		assertThat(value(StandardSQLTypeName.BOOL, "true")).isEqualTo(true);
		assertThat(value(StandardSQLTypeName.DATE, "2026-11-25")).isEqualTo(LocalDate.of(2026, 11, 25));
		assertThat(value(StandardSQLTypeName.DATETIME, "2026-11-25T10:00:00"))
			.isEqualTo(LocalDateTime.of(2026, 11, 25, 10, 0));
		// The API sends a TIMESTAMP as seconds since the epoch; it is read in UTC.
		assertThat(value(StandardSQLTypeName.TIMESTAMP, "1795600800.250000"))
			.isEqualTo(LocalDateTime.of(2026, 11, 25, 10, 0, 0, 250_000_000));
		assertThat(value(StandardSQLTypeName.STRING, "abc")).isEqualTo("abc");
		assertThat(value(StandardSQLTypeName.INT64, null)).isNull();
	}

	@Test
	void aQueryRunsInTheConfiguredLocationAndReturnsRowsUpToTheLimitWithBytesProcessed() throws Exception {
		FieldList fields = FieldList.of(Field.of("day", StandardSQLTypeName.DATE),
				Field.of("orders", StandardSQLTypeName.INT64));
		Job job = job(null, 1_234L);
		TableResult result = mock(TableResult.class);
		when(result.getSchema()).thenReturn(Schema.of(fields));
		when(result.iterateAll()).thenReturn(List.of(row(fields, "2026-11-24", "7"), row(fields, "2026-11-25", "9"),
				row(fields, "2026-11-26", "3")));
		when(job.getQueryResults()).thenReturn(result);

		BigQueryJobs.Result answer = this.jobs.query(QUERY, 2);

		assertThat(answer.rows()).containsExactly(Map.of("day", LocalDate.of(2026, 11, 24), "orders", 7L),
				Map.of("day", LocalDate.of(2026, 11, 25), "orders", 9L));
		assertThat(answer.bytesProcessed()).isEqualTo(1_234L);
		ArgumentCaptor<JobInfo> created = ArgumentCaptor.forClass(JobInfo.class);
		verify(this.bigquery).create(created.capture());
		assertThat(created.getValue().getJobId().getLocation()).isEqualTo("EU");
		assertThat(((QueryJobConfiguration) created.getValue().getConfiguration()).getQuery()).isEqualTo("SELECT 1");
	}

	@Test
	void aFailedJobIsAnErrorWithBigQuerysMessage() throws Exception {
		job(new BigQueryError("invalidQuery", "query", "Unrecognized name: ordrs at [1:8]"), null);
		assertThatExceptionOfType(BigQueryException.class).isThrownBy(() -> this.jobs.query(QUERY, 10))
			.withMessageContaining("Unrecognized name: ordrs");
	}

	@Test
	void aDryRunIsAskedAsOneWithoutTheCacheAndReportsTheBytesItWouldProcess() throws Exception {
		job(null, 9_876L);
		assertThat(this.jobs.dryRun(QUERY)).isEqualTo(9_876L);
		ArgumentCaptor<JobInfo> created = ArgumentCaptor.forClass(JobInfo.class);
		verify(this.bigquery).create(created.capture());
		QueryJobConfiguration asked = created.getValue().getConfiguration();
		assertThat(asked.dryRun()).isTrue();
		assertThat(asked.useQueryCache()).isFalse();
		assertThat(created.getValue().getJobId().getLocation()).isEqualTo("EU");
	}

	/** The job the mocked client creates: finished, with this error and these bytes. */
	private Job job(BigQueryError error, Long bytes) throws InterruptedException {
		Job job = mock(Job.class);
		JobStatus status = mock(JobStatus.class);
		when(status.getError()).thenReturn(error);
		JobStatistics.QueryStatistics statistics = mock(JobStatistics.QueryStatistics.class);
		when(statistics.getTotalBytesProcessed()).thenReturn(bytes);
		when(job.waitFor()).thenReturn(job);
		when(job.getStatus()).thenReturn(status);
		when(job.getStatistics()).thenReturn(statistics);
		when(this.bigquery.create(any(JobInfo.class))).thenReturn(job);
		return job;
	}

	private static FieldValueList row(FieldList fields, String... cells) {
		return FieldValueList.of(
				Arrays.stream(cells).map((cell) -> FieldValue.of(FieldValue.Attribute.PRIMITIVE, cell)).toList(),
				fields);
	}

	private static Object value(StandardSQLTypeName type, String cell) {
		return ClientBigQueryJobs.value(Field.of("f", type), FieldValue.of(FieldValue.Attribute.PRIMITIVE, cell));
	}

}
