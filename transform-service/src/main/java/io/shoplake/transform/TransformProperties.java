package io.shoplake.transform;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How transform runs.
 *
 * @param warehouse {@code duckdb} (embedded default)
 * @param duckdbFile the DuckDB database file
 * @param lakeDirectory the lake ingest writes ({@code events/…})
 * @param quarantineDirectory the quarantine ingest writes ({@code failed/…})
 * @param project classpath folder of the model project
 * @param schedule cron of the scheduled run (Spring cron, UTC); {@code -} for none
 * @param vars values for {@code var()} in templates
 * @param producerUrl base URL of producer-service, whose {@code GET /ledger} is what
 * {@code GET /reconciliation} compares the marts with
 * @param producerIdToken whether calls to the producer carry a Google ID token of this
 * service's identity (audience: the producer's URL), as the producer requires on Google
 * Cloud
 * @param watermark up to which publish time a run shows loaded lines: {@code none} (every
 * line loaded) or {@code producer} (the publish time up to which the producer has every
 * message acknowledged, checkpointed in its ledger, so reconciliation holds while traffic
 * flows)
 * @param bigquery where the {@code bigquery} warehouse works
 * @param runDeadline longest a run may take; past it the run stops at its next step and
 * is recorded {@code cancelled}
 */
@Validated
@ConfigurationProperties("shoplake.transform")
public record TransformProperties(@DefaultValue("duckdb") @NotBlank String warehouse,
		@DefaultValue("data/warehouse/shoplake.duckdb") @NotNull Path duckdbFile,
		@DefaultValue("data/lake") @NotNull Path lakeDirectory,
		@DefaultValue("data/quarantine") @NotNull Path quarantineDirectory,
		@DefaultValue("transform") @NotBlank String project, @DefaultValue("0 15 2 * * *") @NotBlank String schedule,
		@DefaultValue Map<String, Object> vars, @DefaultValue("http://localhost:8081") @NotNull URI producerUrl,
		@DefaultValue("false") boolean producerIdToken, @DefaultValue("none") @NotBlank String watermark,
		@DefaultValue BigQuery bigquery, @DefaultValue("1h") @NotNull Duration runDeadline) {

	/**
	 * The BigQuery warehouse: datasets {@code <datasetPrefix>raw}, {@code …staging},
	 * {@code …marts} (Terraform creates them, and the raw external tables over the
	 * buckets).
	 *
	 * @param project project of the datasets and jobs
	 * @param location location of the datasets and jobs
	 * @param datasetPrefix prefix of the dataset names
	 * @param lakeBucket the lake bucket
	 * @param quarantineBucket the quarantine bucket
	 */
	public record BigQuery(String project, @DefaultValue("EU") String location,
			@DefaultValue("shoplake_") String datasetPrefix, String lakeBucket, String quarantineBucket) {
	}

}
