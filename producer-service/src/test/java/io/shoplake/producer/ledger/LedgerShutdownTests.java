package io.shoplake.producer.ledger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.shoplake.events.EventCodec;
import io.shoplake.events.ledger.LedgerDay;
import io.shoplake.producer.ProducerApplication;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.traffic.Mode;
import io.shoplake.producer.traffic.StartRequest;
import io.shoplake.producer.traffic.TrafficService;
import io.shoplake.producer.traffic.TrafficStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Closing the producer while traffic runs stops the traffic, waits for the messages in
 * flight, and only then saves the ledger: the saved file holds every acknowledgement, and
 * where simulated time got to, so the next start resumes there.
 */
class LedgerShutdownTests {

	@TempDir
	Path data;

	@Test
	void theLedgerIsSavedAfterTheLastAcknowledgement() {
		Path file = this.data.resolve("ledger.json");
		ConfigurableApplicationContext producer = start(file);
		Ledger ledger = producer.getBean(Ledger.class);
		EventCodec codec = producer.getBean(EventCodec.class);
		runUntilSessions(producer, 500);
		producer.close();

		Ledger saved = new Ledger(ShopperSimulator::campaignOfClick);
		saved.load(new FileLedgerStore(file), codec.mapper());
		assertThat(saved.between(LocalDate.MIN, LocalDate.MAX)).isEqualTo(ledger.between(LocalDate.MIN, LocalDate.MAX))
			.isNotEmpty();
		assertThat(saved.settledUntil()).isEqualTo(ledger.settledUntil()).isNotNull();
		assertThat(saved.simulatedUntil()).isEqualTo(ledger.simulatedUntil()).isNotNull();
	}

	@Test
	void aRestartResumesWhereSimulatedTimeGotToAndGeneratesNothingTwice() throws Exception {
		Path file = this.data.resolve("ledger.json");
		ConfigurableApplicationContext first = start(file);
		Ledger firstLedger = first.getBean(Ledger.class);
		runUntilSessions(first, 300);
		first.close();
		Instant reached = firstLedger.simulatedUntil();

		ConfigurableApplicationContext second = start(file);
		TrafficStatus resumed = runUntilSessions(second, 600);
		second.close();
		assertThat(resumed.simulatedFrom()).isEqualTo(reached);

		Map<String, Long> copies = new HashMap<>();
		try (Stream<Path> objects = Files.walk(this.data.resolve("lake"))) {
			for (Path object : objects.filter(Files::isRegularFile).toList()) {
				for (String line : new String(new GZIPInputStream(Files.newInputStream(object)).readAllBytes(),
						StandardCharsets.UTF_8)
					.split("\n")) {
					copies.merge(JsonMapper.builder().build().readTree(line).get("event_id").stringValue(), 1L,
							Long::sum);
				}
			}
		}
		assertThat(copies).hasSizeGreaterThan(1000);
		assertThat(copies.values()).as("no event generated twice").containsOnly(1L);
	}

	@Test
	void withAGcsUriTheLedgerIsKeptInCloudStorage() {
		Storage storage = LocalStorageHelper.getOptions().getService();
		String uri = "gs://shoplake-state/producer/ledger.json";
		SpringApplication application = ProducerApplication.application();
		application.addInitializers((context) -> context.getBeanFactory().registerSingleton("storage", storage));
		ConfigurableApplicationContext producer = application
			.run(arguments(this.data.resolve("ledger.json"), "--shoplake.producer.ledger.gcs-uri=" + uri));
		Ledger ledger = producer.getBean(Ledger.class);
		EventCodec codec = producer.getBean(EventCodec.class);
		assertThat(producer.getBean(LedgerStore.class)).isInstanceOf(GcsLedgerStore.class).hasToString(uri);
		runUntilSessions(producer, 300);
		producer.close();

		Ledger saved = new Ledger(ShopperSimulator::campaignOfClick);
		saved.load(new GcsLedgerStore(storage, uri), codec.mapper());
		assertThat(saved.between(LocalDate.MIN, LocalDate.MAX)).isEqualTo(ledger.between(LocalDate.MIN, LocalDate.MAX))
			.isNotEmpty();
		assertThat(saved.simulatedUntil()).isEqualTo(ledger.simulatedUntil()).isNotNull();
		assertThat(this.data.resolve("ledger.json")).doesNotExist();
	}

	@Test
	void aGcsUriWithoutGoogleCloudFailsStartUpSayingWhatIsMissing() {
		assertThatThrownBy(() -> ProducerApplication.application()
			.run(arguments(this.data.resolve("ledger.json"), "--shoplake.producer.ledger.gcs-uri=gs://b/ledger.json"))
			.close()).hasStackTraceContaining("needs Spring Cloud GCP Storage");
	}

	private ConfigurableApplicationContext start(Path ledgerFile) {
		return ProducerApplication.application().run(arguments(ledgerFile));
	}

	private String[] arguments(Path ledgerFile, String... more) {
		return Stream
			.concat(Stream.of("--server.port=0", "--logging.level.root=WARN", "--shoplake.producer.publisher=file",
					"--shoplake.producer.file.lake-directory=" + this.data.resolve("lake"),
					"--shoplake.producer.file.events-per-object=50", "--shoplake.producer.ledger.file=" + ledgerFile,
					"--shoplake.producer.ledger.save-interval=1h",
					"--shoplake.producer.simulation.defects.duplicate-rate=0"), Stream.of(more))
			.toArray(String[]::new);
	}

	/** Starts accelerated traffic and waits until the ledger counts {@code sessions}. */
	private static TrafficStatus runUntilSessions(ConfigurableApplicationContext producer, long sessions) {
		Ledger ledger = producer.getBean(Ledger.class);
		TrafficStatus started = producer.getBean(TrafficService.class)
			.start(new StartRequest(Mode.ACCELERATED, 2000.0, 100_000.0, 3L, 3));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> ledger.between(LocalDate.MIN, LocalDate.MAX)
				.values()
				.stream()
				.mapToLong(LedgerDay::sessions)
				.sum() > sessions);
		return started;
	}

}
