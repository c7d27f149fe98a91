package io.shoplake.producer.traffic;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shoplake.events.Event;
import io.shoplake.producer.defects.DefectInjector;
import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.publish.MessagePublisher;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;

/**
 * The producer as a library: a backfill of simulated days through the same run loop as
 * {@code POST /traffic/backfill}, into any publisher and ledger, returning when every
 * message is acknowledged. Other modules' tests make their lake with it (e.g. with the
 * {@code file} sink) and use the ledger as their oracle.
 */
public final class Backfill {

	private Backfill() {
	}

	/**
	 * Simulates {@code days} days from {@code start} (UTC midnight) and publishes them.
	 * @param maxInFlight messages published and not yet acknowledged, at most
	 */
	public static void run(SimulationProperties properties, DefectInjector defects, MessagePublisher publisher,
			Ledger ledger, Instant start, int days, int maxInFlight) {
		run(properties, defects, publisher, ledger, start, days, maxInFlight, (events) -> {
		});
	}

	/**
	 * As
	 * {@link #run(SimulationProperties, DefectInjector, MessagePublisher, Ledger, Instant, int, int)},
	 * telling {@code generated} each simulated slice's valid events (as the service tells
	 * its realism card).
	 */
	public static void run(SimulationProperties properties, DefectInjector defects, MessagePublisher publisher,
			Ledger ledger, Instant start, int days, int maxInFlight, Consumer<List<Event>> generated) {
		ExecutorService shards = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
		try {
			new TrafficRun(new ShopperSimulator(properties, start), defects, publisher, ledger,
					new TrafficStats(new SimpleMeterRegistry()), new Pacer(Mode.BACKFILL, Clock.systemUTC(), start, 1),
					shards, maxInFlight, start.plusSeconds(86_400L * days), generated)
				.run();
		}
		finally {
			shards.shutdown();
		}
	}

}
