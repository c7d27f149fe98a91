package io.shoplake.benchmarks;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.shoplake.events.Event;
import io.shoplake.producer.realism.RealismReport;
import io.shoplake.producer.realism.Scorecard;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;

/**
 * The realism card of a seeded simulation at the default configuration: every event of
 * {@code days} simulated days from {@code start} through {@link RealismReport}, the card
 * printed as Markdown (what docs/realism.md shows). The default window, 2026-11-10 to
 * 2026-12-07, holds Black Friday and Cyber Monday, and ordinary days in its first and
 * last week.
 * {@code java -cp benchmarks/target/benchmarks.jar io.shoplake.benchmarks.RealismCard [days] [start] [seed]}
 */
public final class RealismCard {

	private RealismCard() {
	}

	public static void main(String[] args) {
		int days = (args.length > 0) ? Integer.parseInt(args[0]) : 28;
		LocalDate start = (args.length > 1) ? LocalDate.parse(args[1]) : LocalDate.parse("2026-11-10");
		long seed = (args.length > 2) ? Long.parseLong(args[2]) : 42L;
		Scorecard card = card(SimulationProperties.defaults(seed), start, days);
		System.out.println(card.markdown());
	}

	/** The card of {@code days} days of a simulation from {@code start}. */
	public static Scorecard card(SimulationProperties properties, LocalDate start, int days) {
		Instant from = start.atStartOfDay(ZoneOffset.UTC).toInstant();
		ShopperSimulator simulator = new ShopperSimulator(properties, from);
		RealismReport report = new RealismReport();
		ExecutorService shards = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
		long events = 0;
		long started = System.nanoTime();
		try {
			for (int hour = 0; hour < days * 24; hour++) {
				for (Event event : simulator.nextHour(shards)) {
					report.accept(event);
					events++;
				}
			}
		}
		finally {
			shards.shutdown();
		}
		System.err.printf(Locale.ROOT, "%,d events of %d days measured in %.1f s%n", events, days,
				(System.nanoTime() - started) / 1e9);
		return report.card(start, start.plusDays(days - 1));
	}

}
