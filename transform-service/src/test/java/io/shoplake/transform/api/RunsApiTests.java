package io.shoplake.transform.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import io.shoplake.transform.engine.TransformRunner;
import io.shoplake.transform.engine.Watermark;
import org.junit.jupiter.api.Test;
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
import org.springframework.test.context.bean.override.convention.TestBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The runs API over HTTP, on an empty lake. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, useMainMethod = UseMainMethod.ALWAYS)
class RunsApiTests {

	@TempDir
	static Path data;

	@LocalServerPort
	int port;

	@Autowired
	TransformRunner runner;

	/** The producer's watermark, which a test can make unreachable. */
	@TestBean
	Watermark watermark;

	private static volatile RuntimeException producerDown;

	static Watermark watermark() {
		return (previous) -> {
			if (producerDown != null) {
				throw producerDown;
			}
			return null;
		};
	}

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("shoplake.transform.duckdb-file", () -> data.resolve("w.duckdb").toString());
		registry.add("shoplake.transform.lake-directory", () -> data.resolve("lake").toString());
		registry.add("shoplake.transform.quarantine-directory", () -> data.resolve("quarantine").toString());
		registry.add("shoplake.transform.schedule", () -> "-");
	}

	@Test
	void aRunIsAcceptedThenRecordedWithItsModels() throws Exception {
		HttpResponse<String> accepted = post("/runs", "{\"select\":\"+fct_daily_sales\"}");
		assertThat(accepted.statusCode()).isEqualTo(202);
		String id = this.json.readTree(accepted.body()).get("run_id").stringValue();
		assertThat(accepted.headers().firstValue("Location")).hasValue("/runs/" + id);
		await("run finished").atMost(Duration.ofSeconds(60))
			.until(() -> !"running".equals(this.json.readTree(get("/runs/" + id).body()).get("status").stringValue()));
		JsonNode run = this.json.readTree(get("/runs/" + id).body());
		assertThat(run.get("status").stringValue()).isEqualTo("success");
		assertThat(run.get("trigger").stringValue()).isEqualTo("api");
		assertThat(run.get("models")).extracting((model) -> model.get("model").stringValue())
			.containsExactlyInAnyOrder("stg_orders", "stg_order_lines", "stg_refunds", "fct_order_lines", "fct_orders",
					"fct_daily_sales");
		assertThat(this.json.readTree(get("/runs").body()).get(0).get("run_id").stringValue()).isEqualTo(id);
		assertThat(get("/runs/no-such-run").statusCode()).isEqualTo(404);
		HttpResponse<String> ended = post("/runs/" + id + "/cancel", null);
		assertThat(ended.statusCode()).as("only the run in progress can be cancelled").isEqualTo(409);
		assertThat(ended.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(post("/runs/no-such-run/cancel", null).statusCode()).isEqualTo(404);
	}

	@Test
	void aRunThatWaitsAnswersWithItsOutcome() throws Exception {
		HttpResponse<String> done = post("/runs?wait=true", "{\"select\":\"+fct_daily_sales\"}");
		assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
		JsonNode run = this.json.readTree(done.body());
		assertThat(run.get("status").stringValue()).isEqualTo("success");
		assertThat(done.headers().firstValue("Location")).hasValue("/runs/" + run.get("run_id").stringValue());
		String running = this.runner.claim();
		try {
			assertThat(post("/runs?wait=true", "{}").statusCode()).as("one run at a time").isEqualTo(409);
		}
		finally {
			this.runner.run(running, io.shoplake.transform.engine.RunRequest.all(), "test");
		}
	}

	@Test
	void aRunThatWaitsAndFailsAnswers500WithTheFailedRun() throws Exception {
		producerDown = new IllegalStateException("the producer's ledger is not reachable: connection refused");
		HttpResponse<String> failed;
		try {
			failed = post("/runs?wait=true", "{\"select\":\"+fct_daily_sales\"}");
		}
		finally {
			producerDown = null;
		}
		assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
		JsonNode run = this.json.readTree(failed.body());
		assertThat(run.get("status").stringValue()).isEqualTo("failed");
		assertThat(run.get("error").stringValue()).contains("ledger is not reachable");
		assertThat(failed.headers().firstValue("Location")).hasValue("/runs/" + run.get("run_id").stringValue());
		assertThat(post("/runs?wait=true", "{\"select\":\"+fct_daily_sales\"}").statusCode())
			.as("the next run, with the producer back")
			.isEqualTo(200);
	}

	@Test
	void aSecondRunWhileOneIsGoingOnIs409WithTheRunningId() throws Exception {
		String running = this.runner.claim();
		try {
			HttpResponse<String> cancelling = post("/runs/" + running + "/cancel", null);
			assertThat(cancelling.statusCode()).isEqualTo(202);
			assertThat(this.json.readTree(cancelling.body()).get("status").stringValue()).isEqualTo("cancelling");
			HttpResponse<String> refused = post("/runs", "{}");
			assertThat(refused.statusCode()).isEqualTo(409);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(this.json.readTree(refused.body()).get("running_run_id").stringValue()).isEqualTo(running);
		}
		finally {
			// The cancel asked for above stops the run that uses the claim at its first
			// step.
			assertThat(this.runner.run(running, io.shoplake.transform.engine.RunRequest.all(), "test").status())
				.isEqualTo("cancelled");
		}
	}

	@Test
	void badRequestsAreProblems() throws Exception {
		HttpResponse<String> unknown = post("/runs", "{\"select\":\"nope+\"}");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).contains("no model 'nope'");
		assertThat(post("/runs", "{\"from\":\"2026-11-25\",\"to\":\"2026-11-24\"}").statusCode()).isEqualTo(400);
		HttpResponse<String> forever = post("/runs", "{\"from\":\"0001-01-01\",\"to\":\"9999-12-31\"}");
		assertThat(forever.statusCode()).isEqualTo(400);
		assertThat(forever.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		HttpResponse<String> tooLong = post("/runs", "{\"from\":\"2001-01-01\",\"to\":\"2026-11-24\"}");
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(tooLong.body()).contains("at most 366 days");
	}

	@Test
	void modelsAndLineageDescribeTheGraph() throws Exception {
		JsonNode models = this.json.readTree(get("/models").body());
		JsonNode daily = null;
		for (JsonNode model : models) {
			if ("fct_daily_sales".equals(model.get("name").stringValue())) {
				daily = model;
			}
		}
		assertThat(daily).isNotNull();
		assertThat(daily.get("config").get("materialized").stringValue()).isEqualTo("incremental");
		assertThat(daily.get("upstream").toString()).contains("fct_orders").contains("stg_refunds");
		assertThat(daily.get("description").stringValue()).contains("ledger");
		assertThat(daily.get("tests").toString()).contains("unique(sales_date)");
		JsonNode lineage = this.json.readTree(get("/lineage").body());
		assertThat(lineage.get("edges").toString()).contains("{\"from\":\"source:raw.events\",\"to\":\"stg_events\"}")
			.contains("{\"from\":\"fct_orders\",\"to\":\"fct_daily_sales\"}");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST((body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
