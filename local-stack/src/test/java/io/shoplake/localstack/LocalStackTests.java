package io.shoplake.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class LocalStackTests {

	@Test
	void startsTheThreeServicesSideBySideAndEachIsHealthy() throws Exception {
		List<ConfigurableApplicationContext> contexts = LocalStack.start("--server.port=0");
		try {
			HttpClient http = HttpClient.newHttpClient();
			assertThat(contexts)
				.extracting((context) -> context.getEnvironment().getProperty("spring.application.name"))
				.containsExactly("ingest-service", "transform-service", "producer-service");
			for (ConfigurableApplicationContext context : contexts) {
				String port = context.getEnvironment().getProperty("local.server.port");
				HttpResponse<String> health = http.send(
						HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(health.statusCode()).isEqualTo(200);
				assertThat(health.body()).contains("\"status\":\"UP\"");
			}
		}
		finally {
			contexts.forEach(ConfigurableApplicationContext::close);
		}
	}

}
