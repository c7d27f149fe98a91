package io.shoplake.transform.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shoplake.events.EventCodec;
import io.shoplake.events.Timestamps;
import io.shoplake.events.ledger.LedgerDay;
import io.shoplake.producer.defects.DefectInjector;
import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.realism.RealismRecorder;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;
import io.shoplake.producer.traffic.Backfill;

/**
 * A seeded simulated shop pushed through ingest's real push path into a lake and a
 * quarantine (poison pills, duplicates and late events on), with the producer's ledger as
 * the oracle, and a stand-in for producer-service that serves that ledger as the producer
 * does: {@code GET /ledger}, {@code POST /ledger/checkpoints} and
 * {@code GET /ledger/checkpoints}.
 *
 * @param lake the lake folder
 * @param quarantine the quarantine folder
 * @param book the producer's ledger
 * @param realism the realism card of what was generated, as the producer keeps it
 */
public record SimulatedShop(Path lake, Path quarantine, Ledger book, RealismRecorder realism) {

	private static final EventCodec codec = new EventCodec();

	/**
	 * Simulates {@code days} days from {@code start} at {@code sessionsPerHour} into
	 * {@code directory/lake} and {@code directory/quarantine}.
	 */
	public static SimulatedShop simulate(Path directory, long seed, Instant start, int days, double sessionsPerHour) {
		Ledger book = new Ledger(ShopperSimulator::campaignOfClick);
		Path lake = directory.resolve("lake");
		Path quarantine = directory.resolve("quarantine");
		RealismRecorder realism = new RealismRecorder();
		try (IngestPublisher ingest = new IngestPublisher(lake, quarantine)) {
			Backfill.run(SimulationProperties.defaults(seed).withSessionsPerHour(sessionsPerHour),
					new DefectInjector(codec, seed, 0.01, 0.01, 0.03), ingest, book, start, days, 2000,
					realism::record);
		}
		return new SimulatedShop(lake, quarantine, book, realism);
	}

	/** The ledger, per UTC event date. */
	public NavigableMap<LocalDate, LedgerDay> ledger() {
		return this.book.between(LocalDate.MIN, LocalDate.MAX);
	}

	/** Sum of a ledger figure over {@code from}..{@code to}. */
	public long sum(LocalDate from, LocalDate to, java.util.function.ToLongFunction<LedgerDay> figure) {
		return ledger().subMap(from, true, to, true).values().stream().mapToLong(figure).sum();
	}

	/**
	 * Starts a stand-in producer on a free loopback port serving the ledger; stop it with
	 * {@code server.stop(0)}.
	 */
	public HttpServer serveLedger() {
		HttpServer server = serve(this.book);
		server.createContext("/realism", (exchange) -> {
			Map<String, String> query = query(exchange);
			this.realism.card(LocalDate.parse(query.get("from")), LocalDate.parse(query.get("to")))
				.ifPresentOrElse((card) -> send(exchange, 200, card),
						() -> send(exchange, 404, Map.of("title", "No generated events")));
		});
		return server;
	}

	/**
	 * Starts a stand-in producer on a free loopback port serving {@code book} as the
	 * producer's ledger API does; stop it with {@code server.stop(0)}.
	 */
	/** The producer's default: every day. */
	private static LocalDate from(Map<String, String> query) {
		return query.containsKey("from") ? LocalDate.parse(query.get("from")) : LocalDate.MIN;
	}

	private static LocalDate to(Map<String, String> query) {
		return query.containsKey("to") ? LocalDate.parse(query.get("to")) : LocalDate.MAX;
	}

	public static HttpServer serve(Ledger book) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/ledger", (exchange) -> {
				String path = exchange.getRequestURI().getPath();
				Map<String, String> query = query(exchange);
				if (path.equals("/ledger")) {
					send(exchange, 200, book.between(from(query), to(query)));
				}
				else if (path.equals("/ledger/checkpoints") && exchange.getRequestMethod().equals("POST")) {
					Ledger.Checkpoint checkpoint = book.checkpoint();
					send(exchange, 200, Map.of("as_of", Timestamps.format(checkpoint.asOf()), "unsettled_below",
							checkpoint.unsettledBelow()));
				}
				else {
					book.checkpoint(Timestamps.parse(query.get("as_of")), from(query), to(query))
						.ifPresentOrElse(
								(checkpoint) -> send(exchange, 200,
										Map.of("as_of", Timestamps.format(checkpoint.asOf()), "unsettled_below",
												checkpoint.unsettledBelow(), "days", checkpoint.days())),
								() -> send(exchange, 404, Map.of("title", "Checkpoint not kept")));
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, String> query(HttpExchange exchange) {
		Map<String, String> query = new HashMap<>();
		String raw = exchange.getRequestURI().getRawQuery();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				int at = pair.indexOf('=');
				query.put(pair.substring(0, at), URLDecoder.decode(pair.substring(at + 1), StandardCharsets.UTF_8));
			}
		}
		return query;
	}

	private static void send(HttpExchange exchange, int status, Object body) {
		try {
			byte[] json = codec.mapper().writeValueAsBytes(body);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, json.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(json);
			}
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
