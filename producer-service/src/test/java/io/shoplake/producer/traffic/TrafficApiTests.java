package io.shoplake.producer.traffic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import io.shoplake.events.EventCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.UseMainMethod;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The traffic and ledger API over HTTP, with the file sink into a temporary lake. */
// Closed after the class, before its temporary folder is deleted: the ledger saver and
// the file sink's writers must not write into a folder being deleted.
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, useMainMethod = UseMainMethod.ALWAYS)
class TrafficApiTests {

	@TempDir
	static Path data;

	private final HttpClient http = HttpClient.newHttpClient();

	private final EventCodec codec = new EventCodec();

	@LocalServerPort
	int port;

	@Autowired
	TrafficService traffic;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("shoplake.producer.publisher", () -> "file");
		registry.add("shoplake.producer.file.lake-directory", () -> data.resolve("lake").toString());
		registry.add("shoplake.producer.ledger.file", () -> data.resolve("ledger.json").toString());
	}

	@Test
	void backfillFillsTheLakeAndTheLedgerAndBadRequestsGetProblemDetails() throws Exception {
		HttpResponse<String> started = send("POST", "/traffic/backfill",
				"{\"from\":\"2026-11-02\",\"to\":\"2026-11-02\",\"orders_per_day\":300,\"seed\":9}");
		assertThat(started.statusCode()).isEqualTo(202);
		assertThat(json(started).get("mode").stringValue()).isEqualTo("backfill");

		HttpResponse<String> twice = send("POST", "/traffic/start", "{\"mode\":\"realtime\"}");
		assertThat(twice.statusCode()).isEqualTo(409);
		assertThat(twice.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(twice).get("detail").stringValue()).contains("already running");

		assertThat(this.traffic.awaitCompletion(Duration.ofSeconds(120))).isTrue();
		JsonNode status = json(send("GET", "/traffic/status", null));
		assertThat(status.get("state").stringValue()).isEqualTo("completed");
		assertThat(status.get("sessions_per_hour_from").stringValue()).as("the run's rate, from its start")
			.isEqualTo(status.get("simulated_from").stringValue())
			.isEqualTo("2026-11-02T00:00:00Z");
		assertThat(status.at("/messages/order_completed/acked").longValue()).isPositive();
		assertThat(status.at("/messages/order_completed/failed").longValue()).isZero();

		JsonNode ledger = json(send("GET", "/ledger?from=2026-11-01&to=2026-11-03", null));
		JsonNode day = ledger.get("2026-11-02");
		assertThat(day.get("orders").longValue()).isBetween(100L, 900L);
		assertThat(day.get("net_cents").longValue()).isEqualTo(day.get("gross_cents").longValue()
				- day.get("discount_cents").longValue() - day.get("refund_cents").longValue());
		assertThat(day.get("poison")).isEmpty();
		try (Stream<Path> files = Files.walk(data.resolve("lake/events/year=2026/month=11/day=02"))) {
			assertThat(files.filter((p) -> p.toString().endsWith(".ndjson.gz"))).isNotEmpty();
		}
		String metrics = send("GET", "/actuator/prometheus", null, "text/plain").body();
		assertThat(metrics).contains("shoplake_producer_messages_total{")
			.contains("outcome=\"acked\"")
			.contains("shoplake_producer_publish_latency_seconds_count")
			.contains("shoplake_producer_in_flight");
		HttpResponse<String> again = send("POST", "/traffic/backfill",
				"{\"from\":\"2026-11-01\",\"to\":\"2026-11-03\",\"orders_per_day\":300,\"seed\":9}");
		assertThat(again.statusCode()).as("a day the ledger counts already").isEqualTo(409);
		assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(again).get("detail").stringValue()).contains("2026-11-02").doesNotContain("2026-11-01");
		assertThat(json(send("GET", "/ledger?from=2026-11-01&to=2026-11-03", null)).get("2026-11-02"))
			.as("counted once")
			.isEqualTo(day);
		HttpResponse<String> backwards = send("GET", "/ledger?from=2026-11-05&to=2026-11-01", null);
		assertThat(backwards.statusCode()).isEqualTo(400);
		assertThat(json(backwards).get("detail").stringValue()).contains("before");

		// The next day extends the lake: sessions that crossed midnight into it were
		// generated with their start hour, which was the earlier backfill's.
		long spilled = json(send("GET", "/ledger?from=2026-11-03&to=2026-11-03", null)).path("2026-11-03")
			.path("sessions")
			.longValue();
		HttpResponse<String> next = send("POST", "/traffic/backfill",
				"{\"from\":\"2026-11-03\",\"to\":\"2026-11-03\",\"orders_per_day\":300,\"seed\":9}");
		assertThat(next.statusCode()).as(next.body()).isEqualTo(202);
		assertThat(this.traffic.awaitCompletion(Duration.ofSeconds(120))).isTrue();
		JsonNode extended = json(send("GET", "/ledger?from=2026-11-02&to=2026-11-03", null));
		assertThat(extended.get("2026-11-02")).as("the earlier day is not counted again").isEqualTo(day);
		assertThat(extended.at("/2026-11-03/sessions").longValue()).isGreaterThan(spilled + 1_000);

		JsonNode card = json(send("GET", "/realism", null));
		assertThat(card.get("from").stringValue()).isEqualTo("2026-11-02");
		assertThat(card.get("sessions").longValue()).isPositive();
		assertThat(card.get("metrics")).hasSizeGreaterThan(20);
		assertThat(card.at("/metrics/0/id").stringValue()).isEqualTo("conversion");
		HttpResponse<String> markdown = send("GET", "/realism?from=2026-11-02&to=2026-11-03", null, "text/markdown");
		assertThat(markdown.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/markdown");
		assertThat(markdown.body()).startsWith("Events of 2026-11-02 to 2026-11-03").contains("| metric | value |");
		HttpResponse<String> inverted = send("GET", "/realism?from=2026-11-03&to=2026-11-02", null);
		assertThat(inverted.statusCode()).isEqualTo(400);
		assertThat(inverted.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		HttpResponse<String> notADate = send("GET", "/realism?from=yesterday", null);
		assertThat(notADate.statusCode()).isEqualTo(400);
		assertThat(notADate.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		HttpResponse<String> elsewhere = send("GET", "/realism?from=2026-06-01&to=2026-06-02", null);
		assertThat(elsewhere.statusCode()).isEqualTo(404);
		assertThat(json(elsewhere).get("detail").stringValue()).contains("2026-11-02");
	}

	@Test
	void negativeRateAndUnknownModeAreBadRequests() throws Exception {
		HttpResponse<String> negative = send("PUT", "/traffic/rate", "{\"sessions_per_hour\":-5}");
		assertThat(negative.statusCode()).isEqualTo(400);
		assertThat(negative.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		HttpResponse<String> sideways = send("POST", "/traffic/start", "{\"mode\":\"sideways\"}");
		assertThat(sideways.statusCode()).isEqualTo(400);
		assertThat(sideways.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		// Nothing runs here: this class's backfill, when it ran first, has completed.
		HttpResponse<String> nothingRunning = send("PUT", "/traffic/rate", "{\"sessions_per_hour\":5}");
		assertThat(nothingRunning.statusCode()).isEqualTo(409);
		assertThat(json(nothingRunning).get("detail").stringValue()).contains("no traffic is running");
	}

	@Test
	void everyControlInputIsBoundedAndAViolationIsAProblemNamingTheField() throws Exception {
		String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
		String today = LocalDate.now(ZoneOffset.UTC).toString();
		// method, path, body, the field the problem must name
		List<List<String>> cases = List.of(List.of("PUT", "/traffic/rate", "{\"sessions_per_hour\":\"Infinity\"}"),
				List.of("PUT", "/traffic/rate", "{\"sessions_per_hour\":\"NaN\"}"),
				List.of("PUT", "/traffic/rate", "{\"sessions_per_hour\":1e309}"),
				List.of("PUT", "/traffic/rate", "{\"sessions_per_hour\":1e12}"),
				List.of("PUT", "/traffic/rate", "{\"sessions_per_hour\":-1}"),
				List.of("PUT", "/traffic/rate", "{\"sessions_per_hour\":\"fast\"}"),
				List.of("POST", "/traffic/start", "{\"mode\":\"realtime\",\"sessions_per_hour\":1e12}"),
				List.of("POST", "/traffic/start", "{\"mode\":\"accelerated\",\"sessions_per_hour\":\"-Infinity\"}"),
				List.of("POST", "/traffic/start", "{\"mode\":\"accelerated\",\"time_scale\":1e9}"),
				List.of("POST", "/traffic/start", "{\"mode\":\"accelerated\",\"history_days\":100000}"),
				List.of("POST", "/traffic/backfill", "{\"from\":\"-0712-01-01\",\"to\":\"-0712-01-02\"}"),
				List.of("POST", "/traffic/backfill", "{\"from\":\"1999-12-31\",\"to\":\"2000-01-02\"}"),
				List.of("POST", "/traffic/backfill", "{\"from\":\"2020-01-01\",\"to\":\"" + yesterday + "\"}"),
				List.of("POST", "/traffic/backfill", "{\"from\":\"" + yesterday + "\",\"to\":\"" + today + "\"}"),
				List.of("POST", "/traffic/backfill", "{\"from\":\"2999-01-01\",\"to\":\"2999-01-02\"}"),
				List.of("POST", "/traffic/backfill", "{\"from\":\"+999999999-12-31\",\"to\":\"+999999999-12-31\"}"),
				List.of("POST", "/traffic/backfill", "{\"from\":\"10000-01-01\",\"to\":\"10000-01-02\"}"),
				List.of("POST", "/traffic/backfill",
						"{\"from\":\"" + yesterday + "\",\"to\":\"" + yesterday + "\",\"orders_per_day\":1e15}"),
				List.of("POST", "/traffic/backfill",
						"{\"from\":\"" + yesterday + "\",\"to\":\"" + yesterday + "\",\"orders_per_day\":-3}"),
				List.of("POST", "/traffic/backfill", "{\"from\":\"" + yesterday + "\"}"));
		List<String> fields = List.of("sessions_per_hour", "sessions_per_hour", "sessions_per_hour",
				"sessions_per_hour", "sessions_per_hour", "sessions_per_hour", "sessions_per_hour", "sessions_per_hour",
				"time_scale", "history_days", "from", "from", "days", "to", "to", "to", "from", "orders_per_day",
				"orders_per_day", "to");
		for (int i = 0; i < cases.size(); i++) {
			List<String> request = cases.get(i);
			HttpResponse<String> response = send(request.get(0), request.get(1), request.get(2));
			assertThat(response.statusCode()).as(request + " -> " + response.body()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(json(response).get("detail").stringValue()).as(request.toString()).contains(fields.get(i));
		}
		assertThat(json(send("GET", "/traffic/status", null)).get("state").stringValue())
			.as("nothing was started by any of them")
			.isNotEqualTo("running");
	}

	private JsonNode json(HttpResponse<String> response) {
		return this.codec.mapper().readTree(response.body());
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		return send(method, path, body, "application/json");
	}

	private HttpResponse<String> send(String method, String path, String body, String accept) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.header("Accept", accept);
		request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
