package io.shoplake.transform;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of transform-service. Templated SQL models on DuckDB and BigQuery, data
 * tests, runs, lineage and the dashboard.
 * <p>
 * Its configuration lives in {@code transform.yml} (not {@code application.yml}) because
 * local-stack runs the three services on one classpath, where same-named files would
 * shadow each other.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TransformApplication {

	/** Base name of this service's configuration files. */
	public static final String CONFIG_NAME = "transform";

	/** The application, configured to read {@value #CONFIG_NAME}.yml. */
	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(TransformApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		return application;
	}

	public static void main(String[] args) {
		application().run(args);
	}

}
