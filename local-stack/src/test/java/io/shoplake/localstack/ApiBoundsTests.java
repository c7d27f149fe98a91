package io.shoplake.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every operation of the three services' OpenAPI documents with out-of-range,
 * malformed and extreme values in each parameter and body field, one at a time, the
 * others sensible: no input reaches a 500, and every 4xx is an RFC 9457 problem.
 */
class ApiBoundsTests {

	/** Values tried in every parameter and body field. */
	private static final List<String> EXTREMES = List.of("", "-1", "0", "1e309", "100000", "99999999999999999999",
			"NaN", "Infinity", "+10000-01-01", "0001-01-01", "9999-12-31", "+999999999-12-31", "-999999999-01-01",
			"2026-02-30", "not-a-date", "1970-01-01T00:00:00Z", "x".repeat(5_000), "%00", "../../etc/passwd");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	static Path data;

	private static LocalStack stack;

	@BeforeAll
	static void start() {
		stack = LocalStack.start("--data-dir=" + data, "--reset", "--traffic=off", "--server.port=0",
				"--shoplake.transform.schedule=-");
	}

	@AfterAll
	static void stop() {
		stack.close();
	}

	@Test
	void noInputReachesA500AndEvery4xxIsAProblem() throws Exception {
		List<String> failures = new ArrayList<>();
		int requests = 0;
		for (ConfigurableApplicationContext service : stack.contexts()) {
			String base = LocalStack.url(service);
			JsonNode api = json.readTree(get(base + "/v3/api-docs").body());
			for (Map.Entry<String, JsonNode> path : api.get("paths").properties()) {
				for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
					String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
					for (Call call : calls(api, path.getKey(), operation.getValue())) {
						HttpResponse<String> response = send(method, base, call);
						requests++;
						int status = response.statusCode();
						String type = response.headers().firstValue("Content-Type").orElse("");
						if (status >= 500 && status != 503) {
							failures.add(method + " " + call + " -> " + status + " " + abbreviate(response.body()));
						}
						else if (status >= 400 && status < 500 && status != 404 && status != 405
								&& !type.startsWith("application/problem+json")) {
							failures.add(method + " " + call + " -> " + status + " not a problem: " + type);
						}
					}
				}
			}
		}
		assertThat(requests).as("requests sent").isGreaterThan(500);
		assertThat(failures).as(requests + " requests").isEmpty();
	}

	/** Every variation of one operation: each parameter and field extreme in turn. */
	private static List<Call> calls(JsonNode api, String template, JsonNode operation) {
		Map<String, String> baseline = new LinkedHashMap<>();
		Map<String, String> where = new LinkedHashMap<>();
		for (JsonNode parameter : operation.path("parameters")) {
			String in = parameter.path("in").asString("");
			if (!in.equals("query") && !in.equals("path")) {
				continue;
			}
			String name = parameter.get("name").stringValue();
			baseline.put(name, sensible(name, schema(api, parameter.path("schema"))));
			where.put(name, in);
		}
		boolean hasBody = !operation.path("requestBody").isMissingNode();
		JsonNode body = schema(api, operation.at("/requestBody/content/application~1json/schema"));
		String sensibleBody = hasBody ? sensibleBody(api, body) : null;
		List<Call> calls = new ArrayList<>();
		for (String name : baseline.keySet()) {
			for (String value : EXTREMES) {
				Map<String, String> values = new LinkedHashMap<>(baseline);
				values.put(name, value);
				calls.add(new Call(url(template, values, where), sensibleBody));
			}
		}
		if (hasBody) {
			String url = url(template, baseline, where);
			for (String raw : List.of("", "null", "[]", "{}", "\"text\"", "{\"a\":",
					"{" + "\"x\":1,".repeat(20_000) + "\"y\":2}")) {
				calls.add(new Call(url, raw));
			}
			for (Map.Entry<String, JsonNode> field : body.path("properties").properties()) {
				for (String value : EXTREMES) {
					ObjectNode node = (ObjectNode) json.readTree(sensibleBody);
					node.put(field.getKey(), value);
					calls.add(new Call(url, node.toString()));
					if (value.matches("-?[0-9.e+]+") && !value.contains("+1") && !value.startsWith("+")) {
						calls.add(new Call(url, node.toString().replace("\"" + value + "\"", value)));
					}
				}
			}
		}
		if (calls.isEmpty()) {
			calls.add(new Call(url(template, baseline, where), null));
		}
		return calls;
	}

	private static JsonNode schema(JsonNode api, JsonNode schema) {
		if (schema.has("$ref")) {
			String ref = schema.get("$ref").stringValue();
			return api.at(ref.substring(1));
		}
		return schema;
	}

	/** A value the parameter accepts, so that only the one under test is extreme. */
	private static String sensible(String name, JsonNode schema) {
		String format = schema.path("format").asString("");
		String today = LocalDate.now(ZoneOffset.UTC).toString();
		if (format.equals("date") || name.equals("from") || name.equals("to")) {
			return name.equals("from") ? LocalDate.parse(today).minusDays(7).toString() : today;
		}
		if (format.equals("date-time")) {
			return today + "T00:00:00Z";
		}
		return switch (schema.path("type").asString("string")) {
			case "integer", "number" -> "5";
			case "boolean" -> "true";
			default -> "x";
		};
	}

	private static String sensibleBody(JsonNode api, JsonNode schema) {
		ObjectNode node = json.createObjectNode();
		for (Map.Entry<String, JsonNode> field : schema.path("properties").properties()) {
			JsonNode type = schema(api, field.getValue());
			if (type.has("enum")) {
				node.put(field.getKey(), type.get("enum").get(0).stringValue());
			}
			else {
				node.put(field.getKey(), sensible(field.getKey(), type));
			}
		}
		return node.toString();
	}

	private static String url(String template, Map<String, String> values, Map<String, String> where) {
		String path = template;
		StringBuilder query = new StringBuilder();
		for (Map.Entry<String, String> value : values.entrySet()) {
			String encoded = URLEncoder.encode(value.getValue(), StandardCharsets.UTF_8).replace("+", "%20");
			if ("path".equals(where.get(value.getKey()))) {
				path = path.replace("{" + value.getKey() + "}", encoded.isEmpty() ? "%20" : encoded);
			}
			else {
				query.append(query.isEmpty() ? "?" : "&").append(value.getKey()).append('=').append(encoded);
			}
		}
		return path + query;
	}

	private static HttpResponse<String> send(String method, String base, Call call)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.url()))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json, application/problem+json");
		if (call.body() != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(call.body()));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() == 202 && call.url().startsWith("/traffic/")) {
			// Something started: stop it, so that the next call finds the service idle.
			http.send(HttpRequest.newBuilder(URI.create(base + "/traffic/stop"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding());
		}
		return response;
	}

	private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	private record Call(String url, String body) {

		@Override
		public String toString() {
			return this.url.substring(0, Math.min(this.url.length(), 200))
					+ ((this.body != null) ? " " + this.body.substring(0, Math.min(this.body.length(), 200)) : "");
		}

	}

}
