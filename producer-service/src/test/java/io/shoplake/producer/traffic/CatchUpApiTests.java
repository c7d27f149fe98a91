package io.shoplake.producer.traffic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.shoplake.events.EventCodec;
import io.shoplake.producer.ledger.Ledger;
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

/**
 * {@code POST /traffic/catch-up}: the last N days before today that come after what was
 * simulated, and nothing twice.
 */
// Closed after the class, before its temporary folder is deleted: the ledger saver and
// the file sink's writers must not write into a folder being deleted.
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, useMainMethod = UseMainMethod.ALWAYS)
class CatchUpApiTests {

	@TempDir
	static Path data;

	private final HttpClient http = HttpClient.newHttpClient();

	private final EventCodec codec = new EventCodec();

	@LocalServerPort
	int port;

	@Autowired
	TrafficService traffic;

	@Autowired
	Ledger ledger;

	@Autowired
	Clock clock;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("shoplake.producer.publisher", () -> "file");
		registry.add("shoplake.producer.file.lake-directory", () -> data.resolve("lake").toString());
		registry.add("shoplake.producer.ledger.file", () -> data.resolve("ledger.json").toString());
	}

	@Test
	void theMissingDaysAreBackfilledOnceThenThereIsNothingToDo() throws Exception {
		LocalDate today = LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
		// An earlier run simulated up to the middle of three days ago: only the whole
		// days
		// after it are missing.
		Instant earlierEnd = today.minusDays(3).atTime(12, 0).toInstant(ZoneOffset.UTC);
		this.ledger.simulated(earlierEnd.minus(Duration.ofHours(6)), earlierEnd);

		HttpResponse<String> first = post("{\"days\":5,\"orders_per_day\":40,\"seed\":5}");
		assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
		JsonNode started = this.codec.readTree(first.body().getBytes());
		assertThat(started.get("from").asString()).isEqualTo(today.minusDays(2).toString());
		assertThat(started.get("to").asString()).isEqualTo(today.minusDays(1).toString());
		assertThat(started.at("/traffic/mode").asString()).isEqualTo("backfill");
		assertThat(this.traffic.awaitCompletion(Duration.ofSeconds(120))).isTrue();
		assertThat(this.ledger.generatedDays(today.minusDays(10).atStartOfDay(ZoneOffset.UTC).toInstant(),
				today.atStartOfDay(ZoneOffset.UTC).toInstant()))
			.containsExactly(today.minusDays(3), today.minusDays(2), today.minusDays(1));

		HttpResponse<String> again = post("{\"days\":5}");
		assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
		JsonNode nothing = this.codec.readTree(again.body().getBytes());
		assertThat(nothing.get("from").isNull()).isTrue();
		assertThat(nothing.get("detail").asString()).contains("nothing to backfill");
		assertThat(nothing.at("/traffic/state").asString()).isEqualTo("completed");

		for (String bad : new String[] { "{\"days\":0}", "{}", "{\"days\":400}",
				"{\"days\":2,\"orders_per_day\":-1}" }) {
			HttpResponse<String> refused = post(bad);
			assertThat(refused.statusCode()).as(bad).isEqualTo(400);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
	}

	private HttpResponse<String> post(String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/traffic/catch-up"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
