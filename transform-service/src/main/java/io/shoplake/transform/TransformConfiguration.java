package io.shoplake.transform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.IdTokenCredentials;
import com.google.auth.oauth2.IdTokenProvider;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;

import io.shoplake.support.lifecycle.Preparation;
import io.shoplake.transform.dashboard.DashboardRepository;
import io.shoplake.transform.dashboard.Verdicts;
import io.shoplake.transform.engine.RunInProgressException;
import io.shoplake.transform.engine.RunRequest;
import io.shoplake.transform.engine.TransformRunner;
import io.shoplake.transform.engine.Watermark;
import io.shoplake.transform.load.FilesystemLakeSource;
import io.shoplake.transform.load.GcsLakeSource;
import io.shoplake.transform.load.RawLoader;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.reconcile.LedgerClient;
import io.shoplake.transform.reconcile.MartFigures;
import io.shoplake.transform.reconcile.ProducerWatermark;
import io.shoplake.transform.reconcile.Reconciler;
import io.shoplake.transform.state.RunHistory;
import io.shoplake.transform.state.StateStore;
import io.shoplake.transform.warehouse.DuckDbWarehouse;
import io.shoplake.transform.warehouse.Warehouse;
import io.shoplake.transform.warehouse.bigquery.BigQueryDialect;
import io.shoplake.transform.warehouse.bigquery.BigQueryWarehouse;
import io.shoplake.transform.warehouse.bigquery.ClientBigQueryJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Wires the project, the warehouse, the runner and the schedule. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class TransformConfiguration {

	private static final Logger log = LoggerFactory.getLogger(TransformConfiguration.class);

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ModelProject modelProject(TransformProperties properties) {
		return ModelProject.load(properties.project());
	}

	/** DuckDB (embedded default) or BigQuery, by {@code shoplake.transform.warehouse}. */
	@Bean(destroyMethod = "close")
	Warehouse warehouse(TransformProperties properties, ModelProject project) {
		return switch (properties.warehouse()) {
			case "duckdb" -> new DuckDbWarehouse(properties.duckdbFile());
			case "bigquery" -> {
				TransformProperties.BigQuery settings = properties.bigquery();
				BigQuery client = BigQueryOptions.newBuilder()
					.setProjectId(settings.project())
					.setLocation(settings.location())
					.build()
					.getService();
				yield new BigQueryWarehouse(new ClientBigQueryJobs(client, settings.location()), new BigQueryDialect(
						settings.project(), (name) -> settings.datasetPrefix() + project.layerOf(name)));
			}
			default -> throw new IllegalStateException(
					"shoplake.transform.warehouse must be duckdb or bigquery, not " + properties.warehouse());
		};
	}

	/**
	 * The lake's raw loader: folders beside DuckDB, the buckets beside BigQuery (the
	 * engine reads the objects where they are).
	 */
	@Bean
	RawLoader rawLoader(TransformProperties properties, Warehouse warehouse, StateStore state) {
		if ("bigquery".equals(properties.warehouse())) {
			TransformProperties.BigQuery settings = properties.bigquery();
			for (String[] required : new String[][] { { "project", settings.project() },
					{ "lake-bucket", settings.lakeBucket() }, { "quarantine-bucket", settings.quarantineBucket() } }) {
				if (required[1] == null || required[1].isBlank()) {
					throw new IllegalStateException("shoplake.transform.bigquery." + required[0] + " is not set");
				}
			}
			Storage storage = StorageOptions.newBuilder().setProjectId(settings.project()).build().getService();
			return new RawLoader(warehouse, state, new GcsLakeSource(storage, settings.lakeBucket()),
					new GcsLakeSource(storage, settings.quarantineBucket()));
		}
		return new RawLoader(warehouse, state, new FilesystemLakeSource(properties.lakeDirectory()),
				new FilesystemLakeSource(properties.quarantineDirectory()));
	}

	@Bean
	StateStore stateStore(Warehouse warehouse) {
		return new StateStore(warehouse);
	}

	@Bean
	RunHistory runHistory(Warehouse warehouse, JsonMapper mapper) {
		return new RunHistory(warehouse, mapper);
	}

	/**
	 * {@code none} (every loaded line shown) or {@code producer} (its settled watermark).
	 */
	@Bean
	Watermark watermark(TransformProperties properties, LedgerClient ledger) {
		return switch (properties.watermark()) {
			case "none" -> Watermark.NONE;
			case "producer" -> new ProducerWatermark(ledger);
			default -> throw new IllegalStateException(
					"shoplake.transform.watermark must be none or producer, not " + properties.watermark());
		};
	}

	@Bean(destroyMethod = "close")
	TransformRunner transformRunner(ModelProject project, Warehouse warehouse, StateStore state, RawLoader loader,
			Watermark watermark, TransformProperties properties, Clock clock) {
		TransformRunner runner = new TransformRunner(project, warehouse, state, loader, watermark, properties.vars(),
				clock, Duration.ofMillis(500), properties.runDeadline());
		// Every template compiles, or the service does not start.
		runner.dag();
		return runner;
	}

	/**
	 * The state and raw tables, made at start-up. On a first deployment the service
	 * account's BigQuery grants may not have propagated yet (403): tried again until it
	 * succeeds, the service not ready meanwhile (runs and reads answer 503).
	 */
	@Bean
	Preparation warehousePreparation(TransformRunner runner,
			@Value("${shoplake.preparation.first-backoff:1s}") Duration firstBackoff,
			@Value("${shoplake.preparation.max-backoff:30s}") Duration maxBackoff) {
		return new Preparation("warehouse", runner::prepare, firstBackoff, maxBackoff);
	}

	@Bean
	DashboardRepository dashboardRepository(Warehouse warehouse) {
		return new DashboardRepository(warehouse);
	}

	@Bean
	Verdicts verdicts(Reconciler reconciler, LedgerClient ledger) {
		return new Verdicts(reconciler, ledger);
	}

	@Bean
	Reconciler reconciler(Warehouse warehouse, RunHistory history, LedgerClient ledger) {
		return new Reconciler(new MartFigures(warehouse), history, ledger);
	}

	@Bean
	LedgerClient ledgerClient(JsonMapper mapper, TransformProperties properties) {
		return new LedgerClient(mapper, properties.producerUrl(),
				properties.producerIdToken() ? googleIdToken(properties.producerUrl().toString()) : null);
	}

	/**
	 * ID tokens of the service's own identity (Application Default Credentials: the Cloud
	 * Run service account) for {@code audience}, with the e-mail claim the producer
	 * checks; refreshed when they expire.
	 */
	private static Supplier<String> googleIdToken(String audience) {
		return () -> {
			try {
				IdTokenCredentials credentials = IdTokenCredentials.newBuilder()
					.setIdTokenProvider((IdTokenProvider) GoogleCredentials.getApplicationDefault())
					.setTargetAudience(audience)
					.setOptions(List.of(IdTokenProvider.Option.FORMAT_FULL, IdTokenProvider.Option.INCLUDE_EMAIL))
					.build();
				credentials.refreshIfExpired();
				return credentials.getIdToken().getTokenValue();
			}
			catch (IOException | ClassCastException ex) {
				throw new UncheckedIOException(new IOException("no Google ID token for " + audience + ": " + ex, ex));
			}
		};
	}

	/** The scheduled run calls the same code as {@code POST /runs}. */
	@Bean
	SchedulingConfigurer transformSchedule(TransformRunner runner, TransformProperties properties) {
		return (ScheduledTaskRegistrar registrar) -> {
			if ("-".equals(properties.schedule())) {
				return;
			}
			registrar.addCronTask(() -> {
				try {
					runner.run(RunRequest.all(), "schedule");
				}
				catch (RunInProgressException ex) {
					log.info("scheduled run skipped: {}", ex.getMessage());
				}
			}, properties.schedule());
		};
	}

}
