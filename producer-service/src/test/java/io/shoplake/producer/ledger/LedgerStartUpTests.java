package io.shoplake.producer.ledger;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.shoplake.events.EventCodec;
import io.shoplake.producer.ProducerApplication;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.support.lifecycle.Preparation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A first deployment: the producer's grant on the state bucket has not propagated, so
 * reading its ledger answers 403. The service starts alive but not ready, refuses traffic
 * with a 503 problem, and becomes ready with the saved ledger once the reads succeed.
 */
class LedgerStartUpTests {

	private static final String URI_OF_LEDGER = "gs://shoplake-state/producer/ledger.json";

	@TempDir
	Path data;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aLedgerThatCannotBeReadYetKeepsTheProducerUnreadyUntilItCan() throws Exception {
		Storage backing = LocalStorageHelper.getOptions().getService();
		EventCodec codec = new EventCodec();
		Ledger saved = new Ledger(ShopperSimulator::campaignOfClick);
		saved.simulated(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"));
		assertThat(saved.save(new GcsLedgerStore(backing, URI_OF_LEDGER), codec.mapper())).isTrue();
		AtomicBoolean denied = new AtomicBoolean(true);
		AtomicInteger deniedReads = new AtomicInteger();
		Storage storage = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(),
				new Class<?>[] { Storage.class }, (proxy, method, arguments) -> {
					if (denied.get() && method.getName().equals("get")) {
						deniedReads.incrementAndGet();
						throw new StorageException(403,
								"shoplake-producer@p.iam.gserviceaccount.com does not have storage.objects.get access");
					}
					try {
						return method.invoke(backing, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});

		SpringApplication application = ProducerApplication.application();
		application.addInitializers((context) -> context.getBeanFactory().registerSingleton("storage", storage));
		try (ConfigurableApplicationContext producer = application.run("--server.port=0", "--logging.level.root=WARN",
				"--shoplake.producer.publisher=file",
				"--shoplake.producer.file.lake-directory=" + this.data.resolve("lake"),
				"--shoplake.producer.ledger.gcs-uri=" + URI_OF_LEDGER, "--shoplake.preparation.first-backoff=5ms",
				"--shoplake.preparation.max-backoff=20ms")) {
			int port = ((WebServerApplicationContext) producer).getWebServer().getPort();
			Preparation preparation = producer.getBean(Preparation.class);

			assertThat(deniedReads.get()).as("the first read was made at start-up").isPositive();
			assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
			HttpResponse<String> readiness = get(port, "/actuator/health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(codec.mapper().readTree(readiness.body()).get("status").asString()).isEqualTo("OUT_OF_SERVICE");
			HttpResponse<String> start = this.http.send(HttpRequest.newBuilder(url(port, "/traffic/start"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"realtime\",\"sessions_per_hour\":100}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(start.statusCode()).isEqualTo(503);
			assertThat(start.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(start.headers().firstValue("Retry-After")).isPresent();
			assertThat(codec.mapper().readTree(start.body()).get("detail").asString()).contains("ledger",
					"not prepared", "storage.objects.get");

			denied.set(false);
			preparation.ready().get(30, TimeUnit.SECONDS);
			assertThat(preparation.failures()).isGreaterThanOrEqualTo(deniedReads.get() - 1).isPositive();
			assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
			assertThat(producer.getBean(Ledger.class)
				.generatedDays(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")))
				.as("the saved ledger is the one loaded")
				.containsExactly(LocalDate.parse("2026-11-20"));
			assertThat(get(port, "/traffic/status").statusCode()).isEqualTo(200);
		}
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(url(port, path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static URI url(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
