package io.shoplake.producer.traffic;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import io.shoplake.events.SessionStarted;
import io.shoplake.producer.ledger.FileLedgerStore;
import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.publish.MessagePublisher;
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

	/**
	 * A rate changed while the first slice is being published applies from the hour the
	 * answer names, and a second change before that hour replaces the first: the sessions
	 * the run generated are counted per simulated hour.
	 */
	@Test
	void aChangedRateAppliesFromTheHourTheAnswerNames() throws Exception {
		ExecutorService shards = Executors.newFixedThreadPool(2);
		CountDownLatch publishing = new CountDownLatch(1);
		CountDownLatch changed = new CountDownLatch(1);
		Map<Instant, Integer> sessions = new ConcurrentHashMap<>();
		TrafficService traffic = traffic(shards, (message, publishTime) -> {
			// The run loop waits here, on its first message, until the rate changed.
			publishing.countDown();
			try {
				changed.await(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableFuture.completedFuture(null);
		}, (events) -> {
			for (var event : events) {
				if (event instanceof SessionStarted) {
					sessions.merge(event.occurredAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS), 1,
							Integer::sum);
				}
			}
		});
		try {
			LocalDate day = LocalDate.of(2026, 11, 20);
			// About 100 sessions an hour on an ordinary day.
			TrafficStatus started = traffic.backfill(new BackfillRequest(day, day, 63L, 7L));
			assertThat(started.sessionsPerHourFrom()).isEqualTo(started.simulatedFrom());
			assertThat(publishing.await(1, TimeUnit.MINUTES)).isTrue();
			TrafficStatus first = traffic.changeRate(500);
			TrafficStatus second = traffic.changeRate(2_000);
			changed.countDown();
			assertThat(traffic.awaitCompletion(Duration.ofMinutes(2))).isTrue();
			Instant from = second.sessionsPerHourFrom();
			assertThat(first.sessionsPerHourFrom()).isEqualTo(from);
			assertThat(second.sessionsPerHour()).isEqualTo(2_000.0);
			assertThat(from).isAfter(started.simulatedFrom()).isBefore(started.simulatedFrom().plusSeconds(86_400));
			Map<Instant, Integer> byHour = new TreeMap<>(sessions);
			int before = 0;
			int after = 0;
			for (Map.Entry<Instant, Integer> hour : byHour.entrySet()) {
				if (hour.getKey().isBefore(from)) {
					before = Math.max(before, hour.getValue());
				}
				else if (hour.getKey().isBefore(from.plusSeconds(3 * 3600))) {
					after = Math.max(after, hour.getValue());
				}
			}
			// 100 before, 2,000 after (not 500): the daily curve moves an hour by well
			// under a factor of 4 between neighbouring hours.
			assertThat(after).as("sessions per hour from %s: %s", from, byHour).isGreaterThan(8 * before);
			assertThat(byHour.get(from)).as("the first hour at the new rate, %s", byHour)
				.isGreaterThan(8 * byHour.get(from.minusSeconds(3600)));
		}
		finally {
			changed.countDown();
			traffic.stop();
			shards.shutdownNow();
		}
	}

	@Test
	void acceleratedHistoryStartsAtMidnightSoItsFirstDayIsWhole() {
		ExecutorService shards = Executors.newFixedThreadPool(2);
		TrafficService traffic = traffic(shards, (message, publishTime) -> CompletableFuture.completedFuture(null),
				(events) -> {
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

	/**
	 * Traffic of seed 42 at the fixed clock, into {@code publisher}, with a new ledger in
	 * this test's folder; {@code generated} is told every slice's events.
	 */
	private TrafficService traffic(ExecutorService shards, MessagePublisher publisher,
			Consumer<List<Event>> generated) {
		return new TrafficService(SimulationProperties.defaults(42L),
				new PublisherProperties(PublisherProperties.Kind.FILE, 100, null, null, null), publisher,
				new Ledger(ShopperSimulator::campaignOfClick), new FileLedgerStore(this.data.resolve("ledger.json")),
				new EventCodec(), Clock.fixed(NOW, ZoneOffset.UTC), shards, new SimpleMeterRegistry(), generated);
	}

}
