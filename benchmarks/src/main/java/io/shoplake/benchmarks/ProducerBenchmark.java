package io.shoplake.benchmarks;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import io.shoplake.events.ledger.LedgerDay;
import io.shoplake.producer.defects.OutgoingMessage;
import io.shoplake.producer.ledger.FileLedgerStore;
import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.publish.FileSinkPublisher;
import io.shoplake.producer.publish.MessagePublisher;
import io.shoplake.producer.publish.PublisherProperties;
import io.shoplake.producer.realism.RealismRecorder;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;
import io.shoplake.producer.traffic.BackfillRequest;
import io.shoplake.producer.traffic.TrafficService;
import io.shoplake.support.files.Folders;

/**
 * Producer throughput at a volume of {@code orders/day} (default 100,000):
 * <ol>
 * <li>generate: the simulation alone ({@link ShopperSimulator}), 1 and all shard
 * threads;</li>
 * <li>generate + serialize: the same, each event also written to JSON bytes by the codec
 * on the shard that simulated it, right after its session (no sink), a slice of simulated
 * time at a time, as the producer's run does;</li>
 * <li>the whole producer path (defects, run loop, ledger, realism card) into a publisher
 * that acknowledges at once, and the same without the realism card;</li>
 * <li>a backfill of one simulated day into the file sink (gzip objects on disk).</li>
 * </ol>
 * The generate rows also print the round's collection time and the bytes its threads
 * allocated per event; each round starts on a heap collected after its simulator was
 * built.
 * {@code java -cp benchmarks/target/benchmarks.jar io.shoplake.benchmarks.ProducerBenchmark [orders/day] [hours] [path|card|backfill|generate]}
 * ({@code path}: only the whole path without the realism card; {@code card}: only the
 * whole path with it; {@code backfill}: only the backfill to the file sink;
 * {@code generate}: only generate and generate + serialize on 1 thread, three rounds
 * each, e.g. to profile them)
 */
public final class ProducerBenchmark {

	private static final double ORDERS_PER_SESSION = TrafficService.ORDERS_PER_SESSION;

	private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

	private ProducerBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		long ordersPerDay = (args.length > 0) ? Long.parseLong(args[0]) : 100_000;
		int hours = (args.length > 1) ? Integer.parseInt(args[1]) : 6;
		int cores = Runtime.getRuntime().availableProcessors();
		SimulationProperties properties = SimulationProperties.defaults(42L)
			.withSessionsPerHour(ordersPerDay / ORDERS_PER_SESSION / 24);
		System.out.printf(Locale.ROOT, "volume: %,d orders/day (%,.0f sessions/hour), %d simulated hours, %d cores%n",
				ordersPerDay, properties.traffic().sessionsPerHour(), hours, cores);
		if (args.length > 2 && (args[2].equals("path") || args[2].equals("card"))) {
			// Only the whole path, without or with the realism card (e.g. to compare JVM
			// settings, or to profile it).
			boolean card = args[2].equals("card");
			backfill("whole producer path, ack at once, " + (card ? "with" : "no") + " realism card",
					new Acknowledging(), cores, ordersPerDay, card);
			return;
		}
		if (args.length > 2 && args[2].equals("backfill")) {
			// Only the backfill to the file sink (e.g. to profile it).
			fileSink(cores, ordersPerDay);
			return;
		}
		// Both ways: a warm-up that only simulated left the event writer to be compiled
		// in the first generate + serialize round (10-25 % slower than the next two),
		// and one that only serialized left the first generate round to recompile the
		// shard without its serializer (37 % slower).
		simulate("warm-up (discarded)", properties, cores, hours / 2, false);
		simulate("warm-up, serializing (discarded)", properties, cores, hours / 2, true);
		if (args.length > 2 && args[2].equals("generate")) {
			for (int round = 1; round <= 3; round++) {
				simulate("generate, 1 thread, round " + round, properties, 1, hours, false);
				simulate("generate + serialize, 1 thread, round " + round, properties, 1, hours, true);
			}
			return;
		}
		serializers(properties, hours);
		for (int threads : new int[] { 1, cores }) {
			simulate("generate, " + threads + " thread(s)", properties, threads, hours, false);
			simulate("generate + serialize, " + threads + " thread(s)", properties, threads, hours, true);
		}
		backfill("full producer path, ack at once, " + cores + " threads", new Acknowledging(), cores, ordersPerDay,
				true);
		backfill("the same without the realism card", new Acknowledging(), cores, ordersPerDay, false);
		fileSink(cores, ordersPerDay);
	}

	/** A day backfilled to the file sink in a new temporary lake, realism card on. */
	private static void fileSink(int cores, long ordersPerDay) throws InterruptedException, IOException {
		Path lake = Files.createTempDirectory("shoplake-bench-lake");
		try (FileSinkPublisher sink = new FileSinkPublisher(lake, 50_000, Clock.systemUTC(), cores)) {
			backfill("backfill 1 day to file sink, " + cores + " threads", sink, cores, ordersPerDay, true);
		}
		try (Stream<Path> files = Files.walk(lake)) {
			List<Path> objects = files.filter(Files::isRegularFile).toList();
			System.out.printf(Locale.ROOT, "file sink wrote %d objects, %.1f MB gzip%n", objects.size(),
					objects.stream().mapToLong(ProducerBenchmark::size).sum() / 1e6);
		}
		finally {
			// About 4 GB a run: left behind, a few runs fill a disk, and on a full disk
			// the next backfill fails part way.
			Folders.delete(lake);
		}
	}

	private static void simulate(String label, SimulationProperties properties, int threads, int hours,
			boolean serialize) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		EventCodec codec = new EventCodec();
		ShopperSimulator simulator = new ShopperSimulator(properties, START);
		// The simulator's construction is not timed, but what it drew is new in the heap:
		// the visits its returning visitors have pending (12.3 million at 100,000
		// orders a day; long arrays of 285 MB in a histogram of the live heap). The
		// round's first collections copied them, in pauses of up to 330 ms, which a
		// producer pays once a run. Collected here, the round measures simulating.
		System.gc();
		long gcBefore = gcMillis();
		long allocatedBefore = allocatedBytes();
		long events = 0;
		long bytes = 0;
		long started = System.nanoTime();
		// Slice by slice, as the producer's run simulates and serializes them (an hour
		// whole would hold every event of it in memory, which the producer never does).
		for (int hour = 0; hour < hours; hour++) {
			// Serialized as the producer does: each event by its shard, right after its
			// session.
			ShopperSimulator.Hour simulated = serialize ? simulator.startHour(executor, codec::toBytes)
					: simulator.startHour(executor);
			for (ShopperSimulator.Slice slice = simulated.next(); slice != null; slice = simulated.next()) {
				events += slice.events().size();
				if (serialize) {
					for (byte[] json : slice.json()) {
						bytes += json.length;
					}
				}
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		String gc = String.format(Locale.ROOT, "GC %,d ms, %,.0f bytes allocated/event", gcMillis() - gcBefore,
				(double) (allocatedBytes() - allocatedBefore) / events);
		report(label, events, seconds, threads,
				serialize ? String.format(Locale.ROOT, "%.0f bytes/event, %s", (double) bytes / events, gc) : gc);
		executor.shutdown();
	}

	/**
	 * Serialization alone, 1 thread, over the same events held in memory: the codec's
	 * writer beside the Jackson mapper it replaced (the same bytes), best of three.
	 */
	private static void serializers(SimulationProperties properties, int hours) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(1);
		List<Event> events = new ArrayList<>();
		ShopperSimulator simulator = new ShopperSimulator(properties, START);
		for (int hour = 0; hour < Math.min(hours, 2); hour++) {
			events.addAll(simulator.nextHour(executor));
		}
		executor.shutdown();
		EventCodec codec = new EventCodec();
		// The same number of writes over the first 20,000 events again and again: what
		// serializing costs when the events are in the CPU's caches (as they are right
		// after they were simulated), against the full list read from memory.
		List<Event> hot = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			hot.add(events.get(i % 20_000));
		}
		serializers("", events, codec::toBytes, codec.mapper()::writeValueAsBytes);
		serializers(", cached set", hot, codec::toBytes, codec.mapper()::writeValueAsBytes);
	}

	/**
	 * The codec's writer, then the Jackson mapper, over {@code events}: best of three.
	 */
	private static void serializers(String set, List<Event> events, Function<Event, byte[]> writer,
			Function<Event, byte[]> mapper) {
		serializer("serialize only, codec (hand-written writer)" + set, events, writer);
		serializer("serialize only, Jackson mapper (databind)" + set, events, mapper);
	}

	private static void serializer(String label, List<Event> events, Function<Event, byte[]> write) {
		double best = Double.MAX_VALUE;
		long bytes = 0;
		for (int round = 0; round < 3; round++) {
			bytes = 0;
			long started = System.nanoTime();
			for (Event event : events) {
				bytes += write.apply(event).length;
			}
			best = Math.min(best, (System.nanoTime() - started) / 1e9);
		}
		report(label, events.size(), best, 1,
				String.format(Locale.ROOT, "%.0f ns/event, %.0f MB/s", best * 1e9 / events.size(), bytes / best / 1e6));
	}

	private static void backfill(String label, MessagePublisher publisher, int threads, long ordersPerDay,
			boolean realismCard) throws InterruptedException, IOException {
		ExecutorService shards = Executors.newFixedThreadPool(threads);
		EventCodec codec = new EventCodec();
		Ledger ledger = new Ledger(ShopperSimulator::campaignOfClick);
		PublisherProperties publishing = new PublisherProperties(PublisherProperties.Kind.FILE, 5_000, null, null,
				null);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		// A ledger file that is never written (nothing saves it here): the backfill
		// starts from an empty ledger.
		Path ledgerFolder = Files.createTempDirectory("ledger");
		FileLedgerStore nowhere = new FileLedgerStore(ledgerFolder.resolve("ledger.json"));
		// The realism card counts every generated event beside the run, as in the
		// service (or not, to show what it costs).
		RealismRecorder realism = new RealismRecorder();
		TrafficService traffic = new TrafficService(SimulationProperties.defaults(42L), publishing, publisher, ledger,
				nowhere, codec, Clock.systemUTC(), shards, registry, realismCard ? realism::record : (events) -> {
				});
		LocalDate day = LocalDate.of(2026, 11, 2);
		long started = System.nanoTime();
		traffic.backfill(new BackfillRequest(day, day, ordersPerDay, 42L));
		if (!traffic.awaitCompletion(Duration.ofMinutes(60))) {
			throw new IllegalStateException(label + " did not finish in an hour");
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		long messages = messages(registry, "acked");
		long failed = messages(registry, "failed");
		shards.shutdown();
		realism.close();
		Folders.delete(ledgerFolder);
		if (failed > 0) {
			// A rate over a part of the day is no figure (a full disk, for one).
			throw new IllegalStateException(label + ": " + failed + " messages failed, " + messages
					+ " acknowledged; the publisher's log says why");
		}
		long orders = ledger.between(day, day).values().stream().mapToLong(LedgerDay::orders).sum();
		report(label, messages, seconds, threads, String.format(Locale.ROOT, "%,d orders on the day", orders));
	}

	private static long messages(SimpleMeterRegistry registry, String outcome) {
		return registry.find("shoplake.producer.messages")
			.tag("outcome", outcome)
			.counters()
			.stream()
			.mapToLong((counter) -> (long) counter.count())
			.sum();
	}

	private static void report(String label, long events, double seconds, int threads, String note) {
		System.out.printf(Locale.ROOT, "%-52s %,12d events %7.1f s %,11.0f events/s %,10.0f /s per thread  %s%n", label,
				events, seconds, events / seconds, events / seconds / threads, note);
	}

	/** Milliseconds the collectors have taken so far, all of them. */
	private static long gcMillis() {
		long millis = 0;
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			millis += Math.max(0, collector.getCollectionTime());
		}
		return millis;
	}

	/**
	 * Bytes allocated so far by the threads alive now (a thread started since the last
	 * call counts from zero; the simulation's threads all live until it ends).
	 */
	private static long allocatedBytes() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long bytes = 0;
		for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
			bytes += Math.max(0, allocated);
		}
		return bytes;
	}

	private static long size(Path path) {
		try {
			return Files.size(path);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** Acknowledges at once: measures everything but the destination. */
	private static final class Acknowledging implements MessagePublisher {

		@Override
		public CompletableFuture<Void> publish(OutgoingMessage message, Instant publishTime) {
			return CompletableFuture.completedFuture(null);
		}

	}

}
