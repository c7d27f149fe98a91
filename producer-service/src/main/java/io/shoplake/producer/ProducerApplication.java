package io.shoplake.producer;

import java.time.Clock;
import java.util.Map;

import io.shoplake.events.EventCodec;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Entry point of producer-service. Shopper simulation, ledger, rate control API and
 * publishers.
 * <p>
 * Its configuration lives in {@code producer.yml} (not {@code application.yml}) because
 * local-stack runs the three services on one classpath, where same-named files would
 * shadow each other.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProducerApplication {

	/** Base name of this service's configuration files. */
	public static final String CONFIG_NAME = "producer";

	/** The application, configured to read {@value #CONFIG_NAME}.yml. */
	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(ProducerApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		return application;
	}

	/** The one event codec of the service. */
	@Bean
	EventCodec eventCodec() {
		return new EventCodec();
	}

	/** Wall clock; tests replace it. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		application().run(args);
	}

}
