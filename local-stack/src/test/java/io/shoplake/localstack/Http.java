package io.shoplake.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON over HTTP against the running services. */
final class Http {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private Http() {
	}

	static HttpResponse<String> send(String method, String url, String body) throws IOException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
		request = (body != null)
				? request.header("Content-Type", "application/json")
					.method(method, HttpRequest.BodyPublishers.ofString(body))
				: request.method(method, HttpRequest.BodyPublishers.noBody());
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	/** The JSON answer of a request that must answer {@code status}. */
	static JsonNode expect(int status, String method, String url, String body) throws IOException {
		HttpResponse<String> response = send(method, url, body);
		assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isEqualTo(status);
		return json.readTree(response.body());
	}

	static JsonNode get(String url) throws IOException {
		return expect(200, "GET", url, null);
	}

	/** Acknowledged messages of the producer since it started, every event type. */
	static long acked(String producer) throws IOException {
		long acked = 0;
		for (JsonNode counts : get(producer + "/traffic/status").get("messages")) {
			acked += counts.path("acked").asLong();
		}
		return acked;
	}

}
