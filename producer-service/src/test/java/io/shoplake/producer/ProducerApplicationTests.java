package io.shoplake.producer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.UseMainMethod;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, useMainMethod = UseMainMethod.ALWAYS)
class ProducerApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void healthIsUp() throws Exception {
		assertThat(get("/actuator/health")).contains("\"status\":\"UP\"");
	}

	@Test
	void infoCarriesBuildInfo() throws Exception {
		assertThat(get("/actuator/info")).contains("\"artifact\":\"producer-service\"")
			.contains("\"service\":\"producer-service\"");
	}

	@Test
	void prometheusScrapesJvmMetrics() throws Exception {
		assertThat(get("/actuator/prometheus")).contains("jvm_memory_used_bytes");
	}

	@Test
	void openApiDocumentIsServed() throws Exception {
		assertThat(get("/v3/api-docs")).contains("\"openapi\"");
		assertThat(get("/swagger-ui/index.html")).contains("Swagger UI");
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

}
