package io.shoplake.transform.reconcile;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.shoplake.events.ledger.LedgerDay;
import io.shoplake.transform.engine.RunRequest;
import io.shoplake.transform.engine.TransformRunner;
import io.shoplake.transform.testing.SimulatedShop;
import io.shoplake.transform.warehouse.Warehouse;
import io.shoplake.transform.warehouse.Warehouse.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.UseMainMethod;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code GET /reconciliation} over a seeded simulated shop (poison, duplicates, late
 * events), with a stand-in producer serving the simulation's ledger: zero differences
 * after a run, and each tampered figure reported with both values.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, useMainMethod = UseMainMethod.ALWAYS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconciliationTests {

	@TempDir
	static Path data;

	private static SimulatedShop shop;

	private static HttpServer producer;

	@LocalServerPort
	int port;

	@Autowired
	TransformRunner runner;

	@Autowired
	Warehouse warehouse;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeAll
	static void simulate() {
		shop = SimulatedShop.simulate(data, 11L, Instant.parse("2026-11-20T00:00:00Z"), 3, 40);
		producer = shop.serveLedger();
	}

	@AfterAll
	static void stop() {
		producer.stop(0);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("shoplake.transform.duckdb-file", () -> data.resolve("w.duckdb").toString());
		registry.add("shoplake.transform.lake-directory", () -> shop.lake().toString());
		registry.add("shoplake.transform.quarantine-directory", () -> shop.quarantine().toString());
		registry.add("shoplake.transform.producer-url", () -> SimulatedShop.url(producer).toString());
		registry.add("shoplake.transform.schedule", () -> "-");
	}

	@Test
	@Order(1)
	void beforeAnyRunTheAnswerSaysTheMartsAreNotBuilt() throws Exception {
		HttpResponse<String> response = get("/reconciliation");
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(this.json.readTree(response.body()).get("detail").stringValue()).contains("POST /runs");
	}

	@Test
	@Order(2)
	void afterARunEveryFigureEqualsTheLedger() throws Exception {
		assertThat(this.runner.run(RunRequest.all(), "test").status()).isEqualTo("success");
		JsonNode report = reconcile("");
		assertThat(report.get("differences").toString()).isEqualTo("[]");
		assertThat(report.get("matched").booleanValue()).isTrue();
		assertThat(report.get("difference_count").longValue()).isZero();
		assertThat(report.get("from").stringValue()).isEqualTo(shop.ledger().firstKey().toString());
		assertThat(report.get("to").stringValue()).isEqualTo(shop.ledger().lastKey().toString());
		assertThat(report.get("ledger_orders").longValue())
			.isEqualTo(shop.sum(LocalDate.MIN, LocalDate.MAX, LedgerDay::orders))
			.isGreaterThan(30);
		// sales, sessions, products, campaigns and four quarantine stages were compared
		assertThat(report.get("figures_compared").longValue()).isGreaterThan(300);
		assertThat(report.get("warehouse_as_of").isNull()).isFalse();
		assertThat(report.get("poison_by_kind").get("not_json").longValue())
			.isEqualTo(
					shop.ledger().values().stream().mapToLong((day) -> day.poison().getOrDefault("not_json", 0L)).sum())
			.isPositive();
		assertThat(shop.ledger().values().stream().mapToLong((day) -> day.duplicates() + day.late()).sum())
			.isPositive();
	}

	@Test
	@Order(3)
	void everyTamperedFigureIsReportedWithBothValues() throws Exception {
		LocalDate day = shop.ledger()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().orders() > 0)
			.findFirst()
			.orElseThrow()
			.getKey();
		LedgerDay expected = shop.ledger().get(day);
		Map.Entry<String, LedgerDay.Product> product = expected.products().entrySet().iterator().next();
		this.warehouse.execute(Job.NONE, "UPDATE fct_daily_sales SET net_cents = net_cents + 1 WHERE sales_date = ?",
				day);
		this.warehouse.execute(Job.NONE, "DELETE FROM fct_product_daily WHERE order_date = ? AND product_id = ?", day,
				product.getKey());
		this.warehouse
			.execute(Job.NONE, "UPDATE fct_data_quality_daily SET messages = messages + 2 WHERE stage = 'schema' "
					+ "AND publish_date = (SELECT min(publish_date) FROM fct_data_quality_daily WHERE stage = 'schema')");

		JsonNode report = reconcile("?from=" + day + "&to=" + day);
		assertThat(report.get("matched").booleanValue()).isFalse();
		assertThat(report.get("from").stringValue()).isEqualTo(day.toString());
		List<String> differences = report.get("differences").valueStream().map(JsonNode::toString).toList();
		long schema = shop.ledger()
			.values()
			.stream()
			.mapToLong((totals) -> totals.poisonByStage().getOrDefault("schema", 0L))
			.sum();
		assertThat(differences).containsExactlyInAnyOrder(difference(null, "quarantined", "schema", schema, schema + 2),
				difference(day, "net_cents", null, expected.netCents(), expected.netCents() + 1),
				difference(day, "product_revenue_cents", product.getKey(), product.getValue().revenueCents(), 0),
				difference(day, "product_units", product.getKey(), product.getValue().units(), 0));
		assertThat(report.get("difference_count").longValue()).isEqualTo(4);

		// A full refresh rebuilds the marts from the lake, and they match again.
		assertThat(this.runner.run(new RunRequest(null, null, null, true), "test").status()).isEqualTo("success");
		assertThat(reconcile("").get("matched").booleanValue()).isTrue();
	}

	@Test
	@Order(4)
	void badRangesAreProblems() throws Exception {
		HttpResponse<String> reversed = get("/reconciliation?from=2026-11-22&to=2026-11-20");
		assertThat(reversed.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(reversed.body()).get("detail").stringValue()).contains("before");
		assertThat(get("/reconciliation?from=yesterday").statusCode()).isEqualTo(400);
	}

	@Test
	@Order(5)
	void aQuarantinedMessageDeliveredAgainCountsOnce() throws Exception {
		// Ingest wrote the record, then stopped before acknowledging: Pub/Sub delivers
		// the
		// message again and a second object holds the same record.
		Path object;
		try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(shop.quarantine())) {
			object = files.filter((file) -> file.toString().endsWith(".ndjson.gz")).findFirst().orElseThrow();
		}
		java.nio.file.Files.copy(object, object.resolveSibling("redelivered-" + object.getFileName()));
		assertThat(this.runner.run(RunRequest.all(), "test").load().objects()).isEqualTo(1);
		JsonNode report = reconcile("");
		assertThat(report.get("differences").toString()).isEqualTo("[]");
	}

	@Test
	void anUnreachableProducerIsNamed() {
		LedgerClient client = new LedgerClient(this.json, URI.create("http://127.0.0.1:9"), null);
		assertThatExceptionOfType(LedgerClient.LedgerUnavailableException.class).isThrownBy(client::all)
			.withMessageContaining("http://127.0.0.1:9/ledger");
	}

	@Test
	void anIdTokenIsSentAsABearerTokenWhenConfigured() throws Exception {
		java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
		HttpServer guarded = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
		guarded.createContext("/ledger", (exchange) -> {
			seen.set(exchange.getRequestHeaders().getFirst("Authorization"));
			byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		guarded.start();
		try {
			assertThat(new LedgerClient(this.json, SimulatedShop.url(guarded), () -> "token-1").all()).isEmpty();
			assertThat(seen.get()).isEqualTo("Bearer token-1");
			assertThat(new LedgerClient(this.json, SimulatedShop.url(guarded), null).all()).isEmpty();
			assertThat(seen.get()).isNull();
		}
		finally {
			guarded.stop(0);
		}
	}

	private static String difference(LocalDate date, String measure, String key, long expected, long actual) {
		return "{\"date\":" + ((date != null) ? "\"" + date + "\"" : "null") + ",\"measure\":\"" + measure
				+ "\",\"key\":" + ((key != null) ? "\"" + key + "\"" : "null") + ",\"expected\":" + expected
				+ ",\"actual\":" + actual + "}";
	}

	private JsonNode reconcile(String query) throws Exception {
		HttpResponse<String> response = get("/reconciliation" + query);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
