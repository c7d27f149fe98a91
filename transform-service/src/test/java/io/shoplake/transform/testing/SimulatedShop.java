package io.shoplake.transform.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpServer;
import io.shoplake.events.EventCodec;
import io.shoplake.producer.defects.DefectInjector;
import io.shoplake.producer.ledger.DayTotals;
import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;
import io.shoplake.producer.traffic.Backfill;

/**
 * A seeded simulated shop pushed through ingest's real push path into a lake and a
 * quarantine (poison pills, duplicates and late events on), with the producer's ledger as
 * the oracle, and a stand-in for producer-service that serves that ledger at
 * {@code GET /ledger} exactly as the producer serializes it.
 *
 * @param lake the lake folder
 * @param quarantine the quarantine folder
 * @param ledger the ledger, per UTC event date
 * @param ledgerJson the ledger as producer-service serves it
 */
public record SimulatedShop(Path lake, Path quarantine, NavigableMap<LocalDate, DayTotals> ledger, byte[] ledgerJson) {

	/**
	 * Simulates {@code days} days from {@code start} at {@code sessionsPerHour} into
	 * {@code directory/lake} and {@code directory/quarantine}.
	 */
	public static SimulatedShop simulate(Path directory, long seed, Instant start, int days, double sessionsPerHour) {
		EventCodec codec = new EventCodec();
		Ledger book = new Ledger(ShopperSimulator::campaignOfClick);
		Path lake = directory.resolve("lake");
		Path quarantine = directory.resolve("quarantine");
		try (IngestPublisher ingest = new IngestPublisher(lake, quarantine)) {
			Backfill.run(SimulationProperties.defaults(seed).withSessionsPerHour(sessionsPerHour),
					new DefectInjector(codec, seed, 0.01, 0.01, 0.03), ingest, book, start, days, 2000);
		}
		NavigableMap<LocalDate, DayTotals> ledger = new TreeMap<>(
				book.between(LocalDate.MIN, LocalDate.MAX, codec.mapper()));
		return new SimulatedShop(lake, quarantine, ledger, codec.mapper().writeValueAsBytes(ledger));
	}

	/** Sum of a ledger figure over {@code from}..{@code to}. */
	public long sum(LocalDate from, LocalDate to, java.util.function.ToLongFunction<DayTotals> figure) {
		return this.ledger.subMap(from, true, to, true).values().stream().mapToLong(figure).sum();
	}

	/**
	 * Starts a stand-in producer on a free loopback port serving the ledger at
	 * {@code GET /ledger}; stop it with {@code server.stop(0)}.
	 */
	public HttpServer serveLedger() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/ledger", (exchange) -> {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, this.ledgerJson.length);
				try (OutputStream body = exchange.getResponseBody()) {
					body.write(this.ledgerJson);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Base URL of a server {@link #serveLedger()} started. */
	public static URI url(HttpServer server) {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
	}

}
