package io.shoplake.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the three services side by side, each from its own {@code application()} as its
 * own {@code main} does, and checks the operational endpoints every service must serve.
 */
class LocalStackTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static List<ConfigurableApplicationContext> contexts;

	@BeforeAll
	static void start(@TempDir Path data) {
		contexts = LocalStack.start("--server.port=0",
				"--shoplake.producer.ledger.file=" + data.resolve("producer/ledger.json"),
				"--shoplake.producer.local-push.dead-letter-file=" + data.resolve("producer/dead-letter.ndjson"),
				"--shoplake.ingest.lake-directory=" + data.resolve("lake"),
				"--shoplake.ingest.quarantine-directory=" + data.resolve("quarantine"),
				"--shoplake.transform.lake-directory=" + data.resolve("lake"),
				"--shoplake.transform.quarantine-directory=" + data.resolve("quarantine"),
				"--shoplake.transform.duckdb-file=" + data.resolve("warehouse/shoplake.duckdb"));
	}

	@AfterAll
	static void stop() {
		contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void startsTheThreeServicesEachWithItsOwnConfiguration() {
		assertThat(contexts).extracting((context) -> context.getEnvironment().getProperty("spring.application.name"))
			.containsExactly("ingest-service", "transform-service", "producer-service");
		assertThat(contexts).extracting((context) -> context.getEnvironment().getProperty("local.server.port"))
			.doesNotHaveDuplicates();
	}

	@Test
	void everyServiceIsHealthyAndObservable() throws Exception {
		for (ConfigurableApplicationContext context : contexts) {
			String name = context.getEnvironment().getProperty("spring.application.name");
			String port = context.getEnvironment().getProperty("local.server.port");
			assertThat(get(port, "/actuator/health")).contains("\"status\":\"UP\"");
			assertThat(get(port, "/actuator/info")).contains("\"artifact\":\"" + name + "\"")
				.contains("\"service\":\"" + name + "\"");
			assertThat(get(port, "/actuator/prometheus")).contains("jvm_memory_used_bytes")
				.contains("application=\"" + name + "\"");
			assertThat(get(port, "/v3/api-docs")).contains("\"openapi\"");
			assertThat(get(port, "/swagger-ui/index.html")).contains("Swagger UI");
		}
	}

	private static String get(String port, String path) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

}
