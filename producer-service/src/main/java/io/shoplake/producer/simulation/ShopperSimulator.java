package io.shoplake.producer.simulation;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.shoplake.events.Device;
import io.shoplake.events.Event;
import io.shoplake.events.OrderRefunded;

/**
 * The simulation of the whole shop, one simulated UTC hour at a time. Each hour: the
 * nightly repricing (at midnight), session arrivals (Poisson with the hour's expected
 * count, uniform within the hour, visitors drawn by weight), then the sessions, simulated
 * in parallel by visitor shard — a visitor's sessions and refunds run in time order
 * within its shard, against its own state only — and finally all events of the hour
 * merged in time order.
 * <p>
 * The number of shards is fixed, and every random choice comes from a stream derived from
 * the seed and the session or hour key, so the output is the same for any number of
 * threads. Not thread-safe: one caller advances it.
 */
public final class ShopperSimulator {

	/** Fixed, so that sharding never depends on the thread count. */
	static final int SHARDS = 64;

	private static final Device SUPPORT_DESK = new Device("desktop", "Windows", "support-desk");

	private final SimulationProperties properties;

	private final Catalog catalog;

	private final Visitors visitors;

	private final PriceBook prices;

	private final SessionSimulator sessions;

	private final TrafficCurve curve;

	private final Shard[] shards = new Shard[SHARDS];

	private Instant next;

	/**
	 * @param properties the simulation's configuration
	 * @param start first simulated instant; truncated to the hour
	 */
	public ShopperSimulator(SimulationProperties properties, Instant start) {
		this.properties = properties;
		this.catalog = CatalogFactory.build(properties);
		this.visitors = Visitors.build(properties);
		this.prices = new PriceBook(this.catalog, properties);
		this.sessions = new SessionSimulator(this.catalog, this.prices, properties);
		this.next = start.truncatedTo(ChronoUnit.HOURS);
		this.curve = new TrafficCurve(properties.traffic().sessionsPerHour(), properties.traffic().yearlyGrowth(),
				this.next.atZone(ZoneOffset.UTC).toLocalDate());
		for (int i = 0; i < SHARDS; i++) {
			this.shards[i] = new Shard();
		}
	}

	/** Changes the base session rate from the next simulated hour on. */
	public void setSessionsPerHour(double sessionsPerHour) {
		this.curve.setSessionsPerHour(sessionsPerHour);
	}

	/**
	 * The campaign a click id of this simulation belongs to (its id ends with the
	 * campaign's index).
	 */
	public static String campaignOfClick(String clickId) {
		return Catalog.campaignId(Integer.parseInt(clickId.substring(clickId.lastIndexOf('_') + 1)));
	}

	/** Start of the next hour to simulate. */
	public Instant position() {
		return this.next;
	}

	/**
	 * Simulates the next hour and returns its events in time order. Events of a session
	 * that started in the hour may run past its end; refunds due in the hour come with
	 * it.
	 * @param executor runs the shards (any parallelism gives the same result)
	 */
	public List<Event> nextHour(ExecutorService executor) {
		Instant from = this.next;
		Instant to = from.plus(Duration.ofHours(1));
		this.next = to;
		ZonedDateTime hour = from.atZone(ZoneOffset.UTC);
		List<Event> hourEvents = new ArrayList<>();
		if (hour.getHour() == 0) {
			hourEvents.addAll(this.prices.reprice(hour.toLocalDate()));
		}
		long hourKey = from.getEpochSecond() / 3600;
		SplittableRandom arrivals = Seeds.stream(this.properties.seed(), 7, hourKey);
		int count = Seeds.poisson(arrivals, this.curve.expectedSessions(hour));
		List<List<Arrival>> byShard = new ArrayList<>(SHARDS);
		for (int i = 0; i < SHARDS; i++) {
			byShard.add(new ArrayList<>());
		}
		for (int i = 0; i < count; i++) {
			Instant at = from.plusMillis(arrivals.nextLong(3_600_000L));
			Visitors.Visitor visitor = this.visitors.draw(arrivals);
			byShard.get(visitor.index() % SHARDS).add(new Arrival(at, hourKey * 10_000_000L + i, visitor));
		}
		List<Future<List<Timed>>> results = new ArrayList<>(SHARDS);
		for (int i = 0; i < SHARDS; i++) {
			Shard shard = this.shards[i];
			List<Arrival> shardArrivals = byShard.get(i);
			results.add(executor.submit(() -> shard.run(shardArrivals, to)));
		}
		List<Timed> timed = new ArrayList<>();
		for (Future<List<Timed>> result : results) {
			timed.addAll(join(result));
		}
		timed.sort(ShopperSimulator::byTime);
		for (Timed event : timed) {
			hourEvents.add(event.event());
		}
		return hourEvents;
	}

	/** Time, then session key, then position in the session; on primitives, for speed. */
	private static int byTime(Timed a, Timed b) {
		if (a.at() != b.at()) {
			return Long.compare(a.at(), b.at());
		}
		return (a.key() != b.key()) ? Long.compare(a.key(), b.key()) : Integer.compare(a.order(), b.order());
	}

	private static List<Timed> join(Future<List<Timed>> result) {
		try {
			return result.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while simulating", ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("a simulation shard failed", ex.getCause());
		}
	}

	/** The visitors of one shard: their state and their pending refunds. */
	private final class Shard {

		private final Map<Integer, VisitorState> states = new HashMap<>();

		private final PriorityQueue<RefundPlan> refunds = new PriorityQueue<>(
				Comparator.comparing(RefundPlan::at).thenComparingLong(RefundPlan::key));

		List<Timed> run(List<Arrival> arrivals, Instant until) {
			arrivals.sort(Comparator.comparing(Arrival::at).thenComparingLong(Arrival::key));
			List<Timed> out = new ArrayList<>();
			List<Event> sessionEvents = new ArrayList<>();
			List<RefundPlan> planned = new ArrayList<>();
			for (Arrival arrival : arrivals) {
				emitRefunds(arrival.at(), out);
				VisitorState state = this.states.computeIfAbsent(arrival.visitor().index(), (k) -> new VisitorState());
				sessionEvents.clear();
				planned.clear();
				ShopperSimulator.this.sessions.run(ShopperSimulator.this.properties.seed(), arrival.key(), arrival.at(),
						arrival.visitor(), state, sessionEvents, planned);
				for (int i = 0; i < sessionEvents.size(); i++) {
					out.add(new Timed(sessionEvents.get(i).occurredAt().toEpochMilli(), arrival.key(), i,
							sessionEvents.get(i)));
				}
				this.refunds.addAll(planned);
			}
			emitRefunds(until, out);
			return out;
		}

		private void emitRefunds(Instant before, List<Timed> out) {
			while (!this.refunds.isEmpty() && this.refunds.peek().at().isBefore(before)) {
				RefundPlan plan = this.refunds.poll();
				Visitors.Visitor visitor = ShopperSimulator.this.visitors.get(plan.visitor());
				String refundId = "rfd_" + plan.orderId().substring(4);
				SplittableRandom random = Seeds.stream(ShopperSimulator.this.properties.seed(), 8, plan.key());
				OrderRefunded refund = new OrderRefunded(Seeds.uuid(random), 1, plan.at(),
						"sup_" + refundId.substring(4), visitor.anonymousIds()[0], visitor.customerId(), SUPPORT_DESK,
						visitor.geo(), refundId, plan.orderId(), plan.lineIds(), plan.amountCents(),
						ShopperSimulator.this.properties.catalog().currency(), plan.reason());
				out.add(new Timed(plan.at().toEpochMilli(), plan.key(), 0, refund));
			}
		}

	}

	private record Arrival(Instant at, long key, Visitors.Visitor visitor) {
	}

	private record Timed(long at, long key, int order, Event event) {
	}

}
