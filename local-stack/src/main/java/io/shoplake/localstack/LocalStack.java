package io.shoplake.localstack;

import java.util.ArrayList;
import java.util.List;

import io.shoplake.ingest.IngestApplication;
import io.shoplake.producer.ProducerApplication;
import io.shoplake.transform.TransformApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the three services in one JVM with embedded defaults (profile {@code local}):
 * each keeps its own application context, configuration file and port, exactly as it runs
 * alone on Cloud Run; this class only composes them. Arguments are passed to every
 * service, so {@code --spring.profiles.active=...} and the like apply to all three.
 */
public final class LocalStack {

	private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

	private LocalStack() {
	}

	public static void main(String[] args) {
		List<ConfigurableApplicationContext> contexts = start(args);
		StringBuilder banner = new StringBuilder("ShopLake is running locally:");
		for (ConfigurableApplicationContext context : contexts) {
			String name = context.getEnvironment().getProperty("spring.application.name");
			String port = context.getEnvironment().getProperty("local.server.port");
			banner.append(String.format(
					"%n  %-18s http://localhost:%s/swagger-ui/index.html  health: http://localhost:%s/actuator/health",
					name, port, port));
		}
		log.info("{}", banner);
	}

	/**
	 * Starts ingest, then transform, then producer (the source last, so nothing is sent
	 * to a closed door).
	 */
	static List<ConfigurableApplicationContext> start(String... args) {
		List<ConfigurableApplicationContext> contexts = new ArrayList<>();
		for (SpringApplication application : List.of(IngestApplication.application(),
				TransformApplication.application(), ProducerApplication.application())) {
			contexts.add(application.run(args));
		}
		return contexts;
	}

}
