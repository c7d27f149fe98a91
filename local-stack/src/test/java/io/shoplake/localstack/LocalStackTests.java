package io.shoplake.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.traffic.Mode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the three services side by side, each from its own {@code application()} as its
 * own {@code main} does, and checks the operational endpoints every service must serve.
 */
class LocalStackTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	static Path data;

	private static LocalStack stack;

	private static List<ConfigurableApplicationContext> contexts;

	@BeforeAll
	static void start() throws IOException {
		Files.createDirectories(data.resolve("lake/events"));
		Files.writeString(data.resolve("lake/events/left-over.ndjson"), "{}");
		Files.createDirectories(data.resolve("keep"));
		// No scheduled transform run: the progress line's "none yet" would depend on
		// whether the test started near a minute boundary.
		stack = LocalStack.start("--data-dir=" + data, "--reset", "--traffic=off", "--server.port=0",
				"--shoplake.transform.schedule=-");
		contexts = stack.contexts();
	}

	@AfterAll
	static void stop() {
		stack.close();
	}

	@Test
	void startsTheThreeServicesEachWithItsOwnConfiguration() {
		assertThat(contexts).extracting((context) -> context.getEnvironment().getProperty("spring.application.name"))
			.containsExactly("ingest-service", "producer-service", "transform-service");
		assertThat(contexts).extracting((context) -> context.getEnvironment().getProperty("local.server.port"))
			.doesNotHaveDuplicates();
		// One logging system for the three: a name in each line would be the first's.
		assertThat(contexts)
			.extracting((context) -> context.getEnvironment().getProperty("logging.include-application-name"))
			.containsOnly("false");
	}

	@Test
	void wiresTheServicesToEachOtherAndPutsAllDataUnderOneFolder() {
		assertThat(stack.producer().getEnvironment().getProperty("shoplake.producer.local-push.url"))
			.isEqualTo(LocalStack.url(stack.ingest()) + "/pubsub/push");
		assertThat(stack.transform().getEnvironment().getProperty("shoplake.transform.producer-url"))
			.isEqualTo(LocalStack.url(stack.producer()));
		assertThat(stack.transform().getEnvironment().getProperty("shoplake.transform.duckdb-file"))
			.isEqualTo(data.resolve("warehouse/shoplake.duckdb").toString());
		assertThat(stack.ingest().getEnvironment().getProperty("shoplake.ingest.lake-directory"))
			.isEqualTo(data.resolve("lake").toString());
		assertThat(stack.transform().getEnvironment().getProperty("shoplake.transform.schedule"))
			.as("an argument wins over the launcher's default (every minute)")
			.isEqualTo("-");
		assertThat(data.resolve("lake/events/left-over.ndjson")).as("--reset deletes earlier data").doesNotExist();
		assertThat(data.resolve("keep")).as("--reset leaves other folders alone").exists();
	}

	@Test
	void listensOnTheLoopbackInterfaceOnly() {
		assertThat(contexts).extracting((context) -> context.getEnvironment().getProperty("server.address"))
			.containsOnly("127.0.0.1");
		assertThat(stack.banner()).as("no exposure warning").doesNotContain("WARNING");
	}

	@Test
	void printsUrlsAndAProgressLine() {
		assertThat(stack.banner()).contains(LocalStack.url(stack.transform()) + "/")
			.contains(LocalStack.url(stack.producer()) + "/swagger-ui/index.html")
			.contains(LocalStack.url(stack.ingest()) + "/actuator/health");
		assertThat(stack.progress(new LocalStack.Progress(), Duration.ofSeconds(5))).contains("0 events/s acked")
			.contains("last transform run: none yet");
	}

	@Test
	void aBackfillAfterAnEarlierStartLeavesTheDaysItSimulatedAlone() {
		Ledger ledger = stack.producer().getBean(Ledger.class);
		Instant now = stack.producer().getBean(Clock.class).instant();
		// As if an earlier start had run until now: it generated up to the end of the
		// current hour, so no whole past day is left to backfill (even if midnight passes
		// before the call).
		Instant hour = now.truncatedTo(ChronoUnit.HOURS);
		ledger.simulated(hour.minus(Duration.ofDays(2)), hour.plus(Duration.ofHours(1)));
		JsonNode answer = stack.startTraffic(Mode.BACKFILL, 3);
		assertThat(answer.get("from").isNull()).as("nothing left to backfill: " + answer).isTrue();
		assertThat(answer.get("detail").asString()).contains("nothing to backfill");
		assertThat(answer.at("/traffic/state").asString()).isEqualTo("stopped");
	}

	@Test
	void launcherOptionsAreCheckedAndTheRestGoesToTheServices() {
		LocalStack.Options options = LocalStack.Options.parse("--traffic=realtime", "--server.port=0");
		assertThat(options.traffic()).isEqualTo(Mode.REALTIME);
		assertThat(options.dataDirectory()).isEqualTo(Path.of("data"));
		assertThat(options.serviceArguments()).containsExactly("--server.port=0");
		assertThat(LocalStack.Options.parse("--traffic=off").traffic()).isNull();
		LocalStack.Options backfill = LocalStack.Options.parse("--traffic=backfill", "--backfill-days=3");
		assertThat(backfill.traffic()).isEqualTo(Mode.BACKFILL);
		assertThat(backfill.backfillDays()).isEqualTo(3);
		assertThat(backfill.serviceArguments()).isEmpty();
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> LocalStack.Options.parse("--traffic=fast"))
			.withMessageContaining("accelerated, realtime, backfill or off");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> LocalStack.Options.parse("--backfill-days=0"));
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
