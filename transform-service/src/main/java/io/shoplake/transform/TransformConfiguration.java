package io.shoplake.transform;

import java.time.Clock;

import io.shoplake.transform.engine.RunRequest;
import io.shoplake.transform.engine.RunInProgressException;
import io.shoplake.transform.engine.TransformRunner;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.reconcile.LedgerClient;
import io.shoplake.transform.reconcile.Reconciler;
import io.shoplake.transform.warehouse.DuckDbWarehouse;
import io.shoplake.transform.warehouse.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

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

	@Bean(destroyMethod = "close")
	DuckDbWarehouse warehouse(TransformProperties properties) {
		if (!"duckdb".equals(properties.warehouse())) {
			throw new IllegalStateException("shoplake.transform.warehouse=" + properties.warehouse()
					+ " is not available: only duckdb is built so far (BigQuery: issue 5, not done)");
		}
		return new DuckDbWarehouse(properties.duckdbFile(), properties.lakeDirectory(),
				properties.quarantineDirectory());
	}

	@Bean
	TransformRunner transformRunner(ModelProject project, Warehouse warehouse, TransformProperties properties,
			Clock clock) {
		TransformRunner runner = new TransformRunner(project, warehouse, properties.vars(), clock);
		// Every template compiles, or the service does not start.
		runner.dag();
		return runner;
	}

	@Bean
	Reconciler reconciler(Warehouse warehouse) {
		return new Reconciler(warehouse);
	}

	@Bean
	LedgerClient ledgerClient(JsonMapper mapper, TransformProperties properties) {
		return new LedgerClient(mapper, properties.producerUrl());
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
