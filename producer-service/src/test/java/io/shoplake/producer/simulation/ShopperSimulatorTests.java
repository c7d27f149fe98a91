package io.shoplake.producer.simulation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.shoplake.events.AdClicked;
import io.shoplake.events.CartItemAdded;
import io.shoplake.events.CartItemRemoved;
import io.shoplake.events.CheckoutStarted;
import io.shoplake.events.CustomerRegistered;
import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import io.shoplake.events.OrderCompleted;
import io.shoplake.events.OrderLine;
import io.shoplake.events.OrderRefunded;
import io.shoplake.events.PaymentFailed;
import io.shoplake.events.ProductViewed;
import io.shoplake.events.SessionStarted;
import io.shoplake.events.validation.EventValidator;
import io.shoplake.events.validation.ValidationResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShopperSimulatorTests {

	private static final Instant START = Instant.parse("2026-11-23T00:00:00Z");

	private static final EventCodec codec = new EventCodec();

	private static ExecutorService one;

	private static ExecutorService four;

	private static List<Event> week;

	@BeforeAll
	static void simulateAWeek() {
		one = Executors.newSingleThreadExecutor();
		four = Executors.newFixedThreadPool(4);
		ShopperSimulator simulator = new ShopperSimulator(properties(7L), START);
		week = new ArrayList<>();
		// Ten days: the first refunds come five days or more after their order.
		for (int hour = 0; hour < 10 * 24; hour++) {
			week.addAll(simulator.nextHour(four));
		}
	}

	@AfterAll
	static void stop() {
		one.shutdown();
		four.shutdown();
	}

	static SimulationProperties properties(long seed) {
		return SimulationProperties.defaults(seed).withSessionsPerHour(150);
	}

	@Test
	void sameSeedGivesIdenticalBytesWhateverTheThreadCount() {
		assertThat(bytes(properties(11L), one, 30)).isEqualTo(bytes(properties(11L), four, 30))
			.isEqualTo(bytes(properties(11L), four, 30));
		assertThat(bytes(properties(12L), one, 30)).isNotEqualTo(bytes(properties(11L), one, 30));
	}

	private static List<String> bytes(SimulationProperties properties, ExecutorService executor, int hours) {
		ShopperSimulator simulator = new ShopperSimulator(properties, START);
		List<String> lines = new ArrayList<>();
		for (int hour = 0; hour < hours; hour++) {
			for (Event event : simulator.nextHour(executor)) {
				lines.add(new String(codec.toBytes(event), java.nio.charset.StandardCharsets.UTF_8));
			}
		}
		return lines;
	}

	/**
	 * A stop interrupts the thread waiting for a slice's shards: the slice's shard work
	 * that has not started is cancelled, not left to run on the pool. The pool here never
	 * runs anything, so every task is still waiting when the interrupt comes.
	 */
	@Test
	void anInterruptedSliceCancelsItsShardWork() throws Exception {
		List<FutureTask<?>> submitted = new CopyOnWriteArrayList<>();
		CountDownLatch allSubmitted = new CountDownLatch(64);
		ExecutorService holding = new AbstractExecutorService() {

			@Override
			public void execute(Runnable task) {
				submitted.add((FutureTask<?>) task);
				allSubmitted.countDown();
			}

			@Override
			public void shutdown() {
			}

			@Override
			public List<Runnable> shutdownNow() {
				return List.of();
			}

			@Override
			public boolean isShutdown() {
				return false;
			}

			@Override
			public boolean isTerminated() {
				return false;
			}

			@Override
			public boolean awaitTermination(long timeout, TimeUnit unit) {
				return false;
			}

		};
		ShopperSimulator simulator = new ShopperSimulator(properties(3L), START);
		ShopperSimulator.Hour hour = simulator.startHour(holding);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread simulating = new Thread(() -> {
			try {
				hour.next();
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		simulating.start();
		assertThat(allSubmitted.await(1, TimeUnit.MINUTES)).isTrue();
		simulating.interrupt();
		simulating.join(TimeUnit.MINUTES.toMillis(1));
		assertThat(failure.get()).isInstanceOf(IllegalStateException.class)
			.hasRootCauseInstanceOf(InterruptedException.class);
		assertThat(submitted).hasSize(64).allMatch(Future::isCancelled);
	}

	@Test
	void mergeTakesTheLeastHeadFirstAndTheFirstListOnATie() {
		// Seeded lists, each in time order, with few distinct times, keys and places so
		// that heads tie often (on time alone, and on all three), some lists empty;
		// against every event of them sorted at once by time, key, place, then list
		// (a stable sort keeps each list's own order).
		java.util.Random random = new java.util.Random(15);
		for (int round = 0; round < 500; round++) {
			int count = random.nextInt(70);
			List<ShopperSimulator.Timeline> lists = new ArrayList<>();
			List<Timed> all = new ArrayList<>();
			Map<Timed, Integer> listOf = new java.util.IdentityHashMap<>();
			for (int list = 0; list < count; list++) {
				List<Timed> events = new ArrayList<>();
				int size = (random.nextInt(4) == 0) ? 0 : random.nextInt(40);
				for (int i = 0; i < size; i++) {
					long at = 1_000 + random.nextInt(30);
					Event event = new io.shoplake.events.PageViewed(null, 1, Instant.ofEpochMilli(at), null, null, null,
							null, null, "home", "/" + list + "/" + i);
					events.add(new Timed(at, random.nextInt(3), random.nextInt(2), event,
							("/" + list + "/" + i).getBytes(StandardCharsets.UTF_8)));
				}
				events.sort(BY_TIME);
				events.forEach((timed) -> listOf.put(timed, lists.size()));
				all.addAll(events);
				// Some as a view of a longer timeline, as the merge gets what is due.
				List<Timed> later = new ArrayList<>(events);
				int extra = random.nextInt(3);
				for (int i = 0; i < extra; i++) {
					// The latest time with a later key: after every event of the view,
					// tied
					// on time with other lists' last ones.
					Event event = new io.shoplake.events.PageViewed(null, 1, Instant.ofEpochMilli(1_029), null, null,
							null, null, null, "home", "/later/" + i);
					later.add(new Timed(1_029, 3, i, event, new byte[0]));
				}
				lists.add(sorted(later, true).head(events.size()));
			}
			all.sort(BY_TIME.thenComparing(listOf::get));
			List<Event> merged = new ArrayList<>();
			List<byte[]> json = new ArrayList<>();
			ShopperSimulator.merge(lists, merged, json);
			assertThat(merged).as("round %d, %d lists", round, count)
				.containsExactlyElementsOf(all.stream().map(Timed::event).toList());
			// Each event's bytes beside it.
			assertThat(json).as("round %d, %d lists", round, count)
				.containsExactlyElementsOf(all.stream().map(Timed::json).toList());
			List<Event> alone = new ArrayList<>();
			ShopperSimulator.merge(lists, alone, null);
			assertThat(alone).isEqualTo(merged);
		}
	}

	@Test
	void sortedByTimeIsTheStableSortByTime() {
		// Seeded lists with few distinct times, keys and places, so that times tie often
		// and whole (time, key, place) triples too, the events telling apart which one
		// came first; some spread wider than the packed times hold (the fallback).
		java.util.Random random = new java.util.Random(16);
		for (int round = 0; round < 2_000; round++) {
			int count = random.nextInt(300);
			long spread = (round % 50 == 0) ? 1L << 40 : 1 + random.nextInt(40);
			List<Timed> events = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				long at = 1_700_000_000_000L + (long) (random.nextDouble() * spread);
				Event event = new io.shoplake.events.PageViewed(null, 1, Instant.ofEpochMilli(at), null, null, null,
						null, null, "home", "/" + i);
				events.add(new Timed(at, random.nextInt(3), random.nextInt(2), event, null));
			}
			List<Timed> expected = new ArrayList<>(events);
			expected.sort(BY_TIME);
			ShopperSimulator.Timeline actual = sorted(events, false);
			assertThat(events(actual)).as("round %d, %d events over %d ms", round, count, spread)
				.containsExactlyElementsOf(expected.stream().map(Timed::event).toList());
		}
	}

	@Test
	void twoTimelinesMergedAreBothSortedAtOnceTheFirstFirst() {
		// Ties on time and on all three (time, key, place) often; the first timeline a
		// view past its start, as what is held after a cut is.
		java.util.Random random = new java.util.Random(17);
		for (int round = 0; round < 1_000; round++) {
			List<Timed> first = timedEvents(random, "a", random.nextInt(60));
			List<Timed> second = timedEvents(random, "b", random.nextInt(60));
			ShopperSimulator.Timeline held = sorted(first, true);
			int cut = held.firstAtOrAfter(1_000 + random.nextInt(30));
			ShopperSimulator.Timeline merged = ShopperSimulator.Timeline.merged(held.tail(cut), sorted(second, true));
			List<Timed> both = new ArrayList<>(first);
			both.addAll(second);
			ShopperSimulator.Timeline expected = sorted(both, true);
			List<Event> expectedEvents = new ArrayList<>(events(expected));
			expectedEvents.removeAll(events(held.head(cut)));
			assertThat(events(merged)).as("round %d", round).containsExactlyElementsOf(expectedEvents);
			assertThat(json(merged)).as("round %d", round)
				.containsExactlyElementsOf(expectedEvents.stream().map(ShopperSimulatorTests::bytes).toList());
		}
	}

	private static List<Timed> timedEvents(java.util.Random random, String name, int count) {
		List<Timed> events = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long at = 1_000 + random.nextInt(30);
			Event event = new io.shoplake.events.PageViewed(null, 1, Instant.ofEpochMilli(at), null, null, null, null,
					null, "home", "/" + name + "/" + i);
			events.add(new Timed(at, random.nextInt(3), random.nextInt(2), event, bytes(event)));
		}
		return events;
	}

	/** An event with what orders it, for the tests' own sort. */
	private record Timed(long at, long key, int order, Event event, byte[] json) {
	}

	/** The order the simulator's must be: time, then session key, then place. */
	private static final java.util.Comparator<Timed> BY_TIME = java.util.Comparator.comparingLong(Timed::at)
		.thenComparingLong(Timed::key)
		.thenComparingInt(Timed::order);

	/** {@code events} sorted by the simulator, added to its columns in list order. */
	private static ShopperSimulator.Timeline sorted(List<Timed> events, boolean serialized) {
		ShopperSimulator.Columns columns = new ShopperSimulator.Columns();
		for (Timed timed : events) {
			columns.add(timed.at(), timed.key(), timed.order(), timed.event(), timed.json());
		}
		return ShopperSimulator.sortedByTime(columns, serialized);
	}

	private static List<Event> events(ShopperSimulator.Timeline timeline) {
		return List.of(java.util.Arrays.copyOfRange(timeline.columns.events, timeline.from, timeline.to));
	}

	private static List<byte[]> json(ShopperSimulator.Timeline timeline) {
		return java.util.Arrays.asList(java.util.Arrays.copyOfRange(timeline.columns.json, timeline.from, timeline.to));
	}

	private static byte[] bytes(Event event) {
		return ((io.shoplake.events.PageViewed) event).url().getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void anHourSlicedAnyWayIsTheSameHourWhole() {
		// Whole hours (one slice: every shard plays all its arrivals, then one merge),
		// serialized after, against hours cut into a seeded random number of slices and
		// serialized by the shards as they simulate, over twelve days (the first refunds
		// come after five) with the rate changed on the way; both simulators get the same
		// change at the same hour.
		java.util.Random random = new java.util.Random(2026);
		ShopperSimulator whole = new ShopperSimulator(properties(21L), START);
		ShopperSimulator sliced = new ShopperSimulator(properties(21L), START);
		int rateChange = 24 + random.nextInt(7 * 24);
		Set<String> types = new HashSet<>();
		int slicedHours = 0;
		for (int hour = 0; hour < 12 * 24; hour++) {
			if (hour == rateChange) {
				whole.setSessionsPerHour(400);
				sliced.setSessionsPerHour(400);
			}
			List<String> expected = new ArrayList<>();
			ShopperSimulator.Hour hourWhole = whole.startHour(four, 1, null);
			for (ShopperSimulator.Slice slice = hourWhole.next(); slice != null; slice = hourWhole.next()) {
				assertThat(slice.json()).isNull();
				slice.events()
					.forEach((event) -> expected.add(new String(codec.toBytes(event), StandardCharsets.UTF_8)));
			}
			int slices = 2 + random.nextInt(59);
			ShopperSimulator.Hour cut = sliced.startHour((hour % 2 == 0) ? one : four, slices, codec::toBytes);
			List<String> actual = new ArrayList<>();
			long reached = Long.MIN_VALUE;
			int handedOut = 0;
			for (ShopperSimulator.Slice slice = cut.next(); slice != null; slice = cut.next()) {
				handedOut++;
				assertThat(slice.json()).hasSameSizeAs(slice.events());
				for (int i = 0; i < slice.events().size(); i++) {
					Event event = slice.events().get(i);
					long at = event.occurredAt().toEpochMilli();
					assertThat(at).as("slice %d of %d, after the slice before", handedOut, slices)
						.isGreaterThanOrEqualTo(reached);
					if (handedOut < slices) {
						assertThat(at).as("slice %d of %d, before its end", handedOut, slices)
							.isLessThan(cut.reachedMillis());
					}
					types.add(event.eventType());
					assertThat(slice.json().get(i)).as("slice %d of %d, event %d", handedOut, slices, i)
						.isEqualTo(codec.toBytes(event));
					actual.add(new String(slice.json().get(i), StandardCharsets.UTF_8));
				}
				reached = cut.reachedMillis();
			}
			assertThat(handedOut).isEqualTo(slices);
			assertThat(actual).as("hour %d in %d slices", hour, slices).isEqualTo(expected);
			slicedHours += expected.isEmpty() ? 0 : 1;
		}
		assertThat(slicedHours).isEqualTo(12 * 24);
		assertThat(types).contains("order_refunded", "ad_impressions_reported", "product_price_changed");
	}

	@Test
	void idsAreUniqueWhereTheWarehouseKeysOnThem() {
		Set<Object> eventIds = new HashSet<>();
		Set<String> sessions = new HashSet<>();
		List<String> repeated = new ArrayList<>();
		for (Event event : week) {
			if (!eventIds.add(event.eventId())) {
				repeated.add("event " + event.eventId());
			}
			if (event instanceof io.shoplake.events.SessionStarted started && !sessions.add(started.sessionId())) {
				repeated.add("session " + started.sessionId() + " at " + started.occurredAt());
			}
		}
		assertThat(repeated).isEmpty();
	}

	@Test
	void everyEventOfAWeekPassesTheValidator() {
		EventValidator validator = new EventValidator(codec,
				Clock.fixed(START.plusSeconds(11 * 86_400), ZoneOffset.UTC));
		assertThat(week).hasSizeGreaterThan(100_000);
		for (Event event : week) {
			ValidationResult result = validator.validate(codec.toBytes(event));
			assertThat(result.isValid()).as("%s -> %s", event, result).isTrue();
		}
		Set<String> types = new HashSet<>();
		week.forEach((event) -> types.add(event.eventType()));
		assertThat(types).hasSize(io.shoplake.events.EventType.values().length);
	}

	@Test
	void everyReferenceIsToSomethingEmittedEarlierAndSessionsMoveForward() {
		Set<String> sessions = new HashSet<>();
		Set<String> customers = new HashSet<>();
		Set<String> carts = new HashSet<>();
		Set<String> checkouts = new HashSet<>();
		Set<String> clicks = new HashSet<>();
		Map<String, OrderCompleted> orders = new HashMap<>();
		Map<String, Long> refunded = new HashMap<>();
		Map<String, Instant> lastInSession = new HashMap<>();
		Map<String, Set<String>> viewedInSession = new HashMap<>();
		int guests = 0;
		for (Event event : week) {
			if (event instanceof CustomerRegistered registered) {
				assertThat(customers.add(registered.customerId())).as("registers once").isTrue();
			}
			if (event.customerId() != null) {
				assertThat(customers.contains(event.customerId())).as("customer of %s", event).isTrue();
			}
			Instant previous = lastInSession.put(event.sessionId(), event.occurredAt());
			if (previous != null) {
				assertThat(event.occurredAt()).as("time in session %s", event.sessionId()).isAfterOrEqualTo(previous);
			}
			if (event instanceof AdClicked click) {
				clicks.add(click.clickId());
				continue;
			}
			if (event instanceof SessionStarted started) {
				assertThat(sessions.add(started.sessionId())).isTrue();
				if (started.clickId() != null) {
					assertThat(clicks.contains(started.clickId())).as("%s", event).isTrue();
				}
			}
			else if (!event.sessionId().startsWith("sys_") && !event.sessionId().startsWith("sup_")) {
				assertThat(sessions.contains(event.sessionId())).as("session of %s", event).isTrue();
			}
			if (event instanceof ProductViewed view) {
				viewedInSession.computeIfAbsent(view.sessionId(), (k) -> new HashSet<>()).add(view.productId());
			}
			else if (event instanceof CartItemAdded added) {
				assertThat(viewedInSession.get(added.sessionId()).contains(added.productId())).as("%s", event).isTrue();
				carts.add(added.cartId());
			}
			else if (event instanceof CartItemRemoved removed) {
				assertThat(carts.contains(removed.cartId())).as("%s", event).isTrue();
			}
			else if (event instanceof CheckoutStarted checkout) {
				assertThat(carts.contains(checkout.cartId())).as("%s", event).isTrue();
				checkouts.add(checkout.checkoutId());
			}
			else if (event instanceof PaymentFailed failed) {
				assertThat(checkouts.contains(failed.checkoutId())).as("%s", event).isTrue();
			}
			else if (event instanceof OrderCompleted order) {
				assertThat(checkouts.contains(order.checkoutId())).as("%s", event).isTrue();
				if (order.customerId() == null) {
					guests++;
				}
				if (order.clickId() != null) {
					assertThat(clicks.contains(order.clickId())).as("%s", event).isTrue();
				}
				assertThat(orders.put(order.orderId(), order)).isNull();
			}
			else if (event instanceof OrderRefunded refund) {
				OrderCompleted order = orders.get(refund.orderId());
				assertThat(order).as("order of %s", refund).isNotNull();
				assertThat(order.lines().stream().map(OrderLine::lineId)).containsAll(refund.lineIds());
				assertThat(refund.occurredAt()).isAfter(order.occurredAt());
				long total = refunded.merge(refund.orderId(), refund.amountCents(), Long::sum);
				assertThat(total).isLessThanOrEqualTo(order.totalCents());
			}
		}
		assertThat(orders).isNotEmpty();
		assertThat(refunded).isNotEmpty();
		// Guest checkout exists, but most shoppers make an account.
		assertThat((double) guests / orders.size()).isBetween(0.05, 0.4);
	}

}
