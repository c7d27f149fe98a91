package io.shoplake.producer.traffic;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shoplake.events.EventCodec;
import io.shoplake.producer.ledger.FileLedgerStore;
import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.publish.PublisherProperties;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficServiceTests {

	private static final Instant NOW = Instant.parse("2026-11-25T14:37:12Z");

	@TempDir
	Path data;

	@Test
	void acceleratedHistoryStartsAtMidnightSoItsFirstDayIsWhole() {
		ExecutorService shards = Executors.newFixedThreadPool(2);
		TrafficService traffic = new TrafficService(SimulationProperties.defaults(42L),
				new PublisherProperties(PublisherProperties.Kind.FILE, 100, null, null, null),
				(message, publishTime) -> CompletableFuture.completedFuture(null),
				new Ledger(ShopperSimulator::campaignOfClick), new FileLedgerStore(this.data.resolve("ledger.json")),
				new EventCodec(), Clock.fixed(NOW, ZoneOffset.UTC), shards, new SimpleMeterRegistry(), (events) -> {
				});
		try {
			TrafficStatus accelerated = traffic.start(new StartRequest(Mode.ACCELERATED, 10.0, 60.0, 1L, 3));
			assertThat(accelerated.simulatedFrom()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
			assertThat(traffic.changeRate(25.0).sessionsPerHour()).isEqualTo(25.0);
			traffic.stop();
			TrafficStatus today = traffic.start(new StartRequest(Mode.ACCELERATED, 10.0, 60.0, 1L, 0));
			// The first run generated the 22nd's first hours only: today starts at its
			// midnight.
			assertThat(today.simulatedFrom()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
			traffic.stop();
		}
		finally {
			traffic.stop();
			shards.shutdownNow();
		}
	}

}
