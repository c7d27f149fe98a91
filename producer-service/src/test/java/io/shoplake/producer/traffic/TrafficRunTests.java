package io.shoplake.producer.traffic;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shoplake.events.AdClicked;
import io.shoplake.events.AdImpressionsReported;
import io.shoplake.events.EventCodec;
import io.shoplake.events.OrderCompleted;
import io.shoplake.events.OrderLine;
import io.shoplake.events.OrderRefunded;
import io.shoplake.events.SessionStarted;
import io.shoplake.events.ledger.LedgerDay;
import io.shoplake.producer.defects.DefectInjector;
import io.shoplake.producer.defects.OutgoingMessage;
import io.shoplake.producer.ledger.FileLedgerStore;
import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.publish.MessagePublisher;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ten backfilled simulated days through the real run loop, defects on, into a publisher
 * that records what it acknowledged: the ledger must equal sums the test computes itself
 * from the acknowledged valid messages.
 */
class TrafficRunTests {

	private static final Instant START = Instant.parse("2026-12-28T00:00:00Z");

	private static final EventCodec codec = new EventCodec();

	private static ExecutorService shards;

	private static Recording publisher;

	private static Ledger ledger;

	@BeforeAll
	static void backfillTenDays() {
		shards = Executors.newFixedThreadPool(2);
		publisher = new Recording((message) -> false);
		ledger = new Ledger(ShopperSimulator::campaignOfClick);
		run(publisher, ledger, 10);
	}

	@AfterAll
	static void stop() {
		shards.shutdown();
	}

	private static void run(MessagePublisher target, Ledger into, int days) {
		SimulationProperties properties = SimulationProperties.defaults(21L).withSessionsPerHour(250);
		ShopperSimulator simulator = new ShopperSimulator(properties, START);
		DefectInjector defects = new DefectInjector(codec, 21L, 0.01, 0.005, 0.02);
		new TrafficRun(simulator, defects, target, into, new TrafficStats(new SimpleMeterRegistry()),
				new Pacer(Mode.BACKFILL, Clock.systemUTC(), START, 1), shards, 500, START.plusSeconds(86_400L * days),
				(events) -> {
				})
			.run();
	}

	@Test
	void ledgerEqualsTheSumsOverAcknowledgedValidEvents() {
		Map<LocalDate, LedgerDay> expected = expected(publisher.acked);
		Map<LocalDate, LedgerDay> actual = ledger.between(LocalDate.MIN, LocalDate.MAX);
		assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
		for (LocalDate day : expected.keySet()) {
			assertThat(actual.get(day)).as(day.toString()).isEqualTo(expected.get(day));
		}
		assertThat(actual.values().stream().mapToLong(LedgerDay::orders).sum()).isGreaterThan(500);
		assertThat(actual.values().stream().mapToLong(LedgerDay::refunds).sum()).as("refunds in January")
			.isGreaterThan(5);
		assertThat(actual.values().stream().mapToLong(LedgerDay::duplicates).sum()).isPositive();
		assertThat(actual.values().stream().mapToLong(LedgerDay::late).sum()).isPositive();
		assertThat(actual.values().stream().flatMap((day) -> day.poison().keySet().stream()).distinct())
			.hasSizeGreaterThan(8);
	}

	@Test
	void everyGeneratedMessageWasPublishedAndPublishedLateOnesAfterTheyOccurred() {
		long late = publisher.acked.stream().filter(OutgoingMessage::late).count();
		assertThat(late).isPositive();
		List<Instant> publishTimes = publisher.acked.stream().map(OutgoingMessage::publishAt).toList();
		assertThat(publishTimes).isSorted();
	}

	/**
	 * Busy hours, simulated and published slice by slice: the messages go out in exactly
	 * the order of all of them sorted by publish time, then by the order they were
	 * generated in (as if every hour were held whole), computed here from the same
	 * simulation and defects run again, an hour whole at a time.
	 */
	@Test
	void busyHoursArePublishedSliceBySliceInTheOrderOfTheWholeRun() {
		Instant start = Instant.parse("2026-12-28T17:00:00Z");
		int hours = 2;
		SimulationProperties properties = SimulationProperties.defaults(8L).withSessionsPerHour(12_000);
		List<Published> published = new ArrayList<>();
		MessagePublisher recording = (message, publishTime) -> {
			// What a publisher sends (an oversized pill is offered as drawn).
			published.add(Published.of(message.onTheWire()));
			return CompletableFuture.completedFuture(null);
		};
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		TrafficStats stats = new TrafficStats(registry);
		new TrafficRun(new ShopperSimulator(properties, start), new DefectInjector(codec, 8L, 0.01, 0.005, 0.02),
				recording, new Ledger(ShopperSimulator::campaignOfClick), stats,
				new Pacer(Mode.BACKFILL, Clock.systemUTC(), start, 1), shards, 5_000, start.plusSeconds(3600L * hours),
				(events) -> {
				})
			.run();

		ShopperSimulator again = new ShopperSimulator(properties, start);
		DefectInjector defects = new DefectInjector(codec, 8L, 0.01, 0.005, 0.02);
		List<Published> expected = new ArrayList<>();
		Map<String, Long> byType = new TreeMap<>();
		int busiest = 0;
		for (int hour = 0; hour < hours; hour++) {
			List<io.shoplake.events.Event> events = again.nextHour(shards);
			busiest = Math.max(busiest, events.size());
			for (io.shoplake.events.Event event : events) {
				for (OutgoingMessage message : defects.messages(event, defects.payload(event))) {
					// An oversized pill is padded when it is published.
					expected.add(Published.of(message.onTheWire()));
					byType.merge(event.eventType(), 1L, Long::sum);
				}
			}
		}
		expected.sort(java.util.Comparator.comparingLong(Published::at)); // stable:
																			// generation
																			// order
		assertThat(busiest).as("events in the busiest hour").isGreaterThan(100_000);
		assertThat(published).hasSameSizeAs(expected);
		int firstDifference = -1;
		for (int i = 0; i < expected.size() && firstDifference < 0; i++) {
			if (!published.get(i).equals(expected.get(i))) {
				firstDifference = i;
			}
		}
		assertThat(firstDifference).as("first message out of order").isEqualTo(-1);
		// Every message counted once per outcome, by its event's type, in the status and
		// in the meters (the generated ones a slice at a time).
		Map<String, Map<String, Long>> counted = new TreeMap<>();
		byType.forEach((type, messages) -> counted.put(type,
				Map.of("generated", messages, "published", messages, "acked", messages, "failed", 0L)));
		assertThat(stats.snapshot()).isEqualTo(counted);
		for (String outcome : List.of("generated", "published", "acked")) {
			byType.forEach((type,
					messages) -> assertThat(registry.find("shoplake.producer.messages")
						.tag("outcome", outcome)
						.tag("event_type", type)
						.counters()
						.stream()
						.mapToDouble(io.micrometer.core.instrument.Counter::count)
						.sum()).as(outcome + " " + type).isEqualTo(messages.doubleValue()));
		}
	}

	/** A published message, small: its publish time and its payload's fingerprint. */
	private record Published(long at, int payload, int length) {

		static Published of(OutgoingMessage message) {
			return new Published(message.publishAt().toEpochMilli(), java.util.Arrays.hashCode(message.payload()),
					message.payload().length);
		}

	}

	@Test
	void messagesThatFailAreNotCounted() {
		Recording flaky = new Recording(
				(message) -> message.event() instanceof OrderCompleted order && order.orderId().hashCode() % 2 == 0);
		Ledger partial = new Ledger(ShopperSimulator::campaignOfClick);
		run(flaky, partial, 2);
		long acknowledgedOrders = flaky.acked.stream()
			.filter((m) -> m.kind() == OutgoingMessage.Kind.VALID && m.event() instanceof OrderCompleted)
			.count();
		long counted = partial.between(LocalDate.MIN, LocalDate.MAX)
			.values()
			.stream()
			.mapToLong(LedgerDay::orders)
			.sum();
		assertThat(flaky.failed).isPositive();
		assertThat(counted).isEqualTo(acknowledgedOrders);
	}

	@Test
	void aPublisherThatTakesNoPoisonGetsEveryOtherMessageOfTheSameRun() {
		Recording all = new Recording((message) -> false);
		Ledger withPoison = new Ledger(ShopperSimulator::campaignOfClick);
		run(all, withPoison, 2);
		Recording noPoison = new Recording((message) -> false, false);
		Ledger withoutPoison = new Ledger(ShopperSimulator::campaignOfClick);
		run(noPoison, withoutPoison, 2);
		List<Published> expected = all.acked.stream()
			.filter((message) -> message.kind() != OutgoingMessage.Kind.POISON)
			.map(Published::of)
			.toList();
		assertThat(all.acked).hasSizeGreaterThan(expected.size());
		// Not even offered one (the publisher would refuse it: counted as failed).
		assertThat(noPoison.failed).isZero();
		assertThat(noPoison.acked).noneMatch((message) -> message.kind() == OutgoingMessage.Kind.POISON);
		assertThat(noPoison.acked.stream().map(Published::of).toList()).isEqualTo(expected);
		assertThat(withoutPoison.between(LocalDate.MIN, LocalDate.MAX).values())
			.allMatch((day) -> day.poison().isEmpty());
	}

	@Test
	void stoppingWaitsForTheMessagesInFlight() throws InterruptedException {
		List<CompletableFuture<Void>> held = Collections.synchronizedList(new ArrayList<>());
		MessagePublisher holding = (message, publishTime) -> {
			CompletableFuture<Void> ack = new CompletableFuture<>();
			held.add(ack);
			return ack;
		};
		Ledger counted = new Ledger(ShopperSimulator::campaignOfClick);
		SimulationProperties properties = SimulationProperties.defaults(3L).withSessionsPerHour(120);
		TrafficRun run = new TrafficRun(new ShopperSimulator(properties, START), new DefectInjector(codec, 3L, 0, 0, 0),
				holding, counted, new TrafficStats(new SimpleMeterRegistry()),
				new Pacer(Mode.BACKFILL, Clock.systemUTC(), START, 1), shards, 10, null, (events) -> {
				});
		Thread thread = new Thread(run);
		thread.start();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> held.size() == 10 && thread.getState() == Thread.State.WAITING);
		// What TrafficService.stop() does: flag, then interrupt a pacing wait.
		run.stop();
		thread.interrupt();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> thread.getState() == Thread.State.TIMED_WAITING || !thread.isAlive());
		assertThat(thread.isAlive()).as("still waiting for its 10 messages in flight").isTrue();
		held.forEach((ack) -> ack.complete(null));
		thread.join(Duration.ofSeconds(30).toMillis());
		assertThat(thread.isAlive()).isFalse();
		assertThat(run.inFlight()).isZero();
		assertThat(held).hasSize(10);
	}

	@Test
	void aRealtimeRunPublishesWhatIsDueAndItsSimulatedTimeFollowsTheClockWhileItWaits() throws InterruptedException {
		Instant now = START.plus(Duration.ofMinutes(30));
		Recording recording = new Recording((message) -> false);
		SimulationProperties properties = SimulationProperties.defaults(5L).withSessionsPerHour(30);
		TrafficRun run = new TrafficRun(new ShopperSimulator(properties, START), new DefectInjector(codec, 5L, 0, 0, 0),
				recording, new Ledger(ShopperSimulator::campaignOfClick), new TrafficStats(new SimpleMeterRegistry()),
				new Pacer(Mode.REALTIME, Clock.fixed(now, ZoneOffset.UTC), START, 1), shards, 10, null, (events) -> {
				});
		Thread thread = new Thread(run);
		thread.start();
		try {
			// Started at half past, the hour's first half is due at once; then the run
			// sleeps until its next message is due.
			await().atMost(Duration.ofSeconds(30)).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
			List<Instant> published = recording.acked.stream().map(OutgoingMessage::publishAt).sorted().toList();
			assertThat(published).isNotEmpty().allMatch((at) -> !at.isAfter(now));
			assertThat(published.get(published.size() - 1)).isBefore(now);
			assertThat(run.simulatedNow()).isEqualTo(now);
		}
		finally {
			run.stop();
			thread.interrupt();
			thread.join(Duration.ofSeconds(30).toMillis());
		}
		assertThat(thread.isAlive()).isFalse();
	}

	@Test
	void ledgerSurvivesARestart(@TempDir Path folder) {
		Path file = folder.resolve("ledger.json");
		FileLedgerStore store = new FileLedgerStore(file);
		assertThat(ledger.save(store, codec.mapper())).isTrue();
		Ledger restarted = new Ledger(ShopperSimulator::campaignOfClick);
		restarted.load(store, codec.mapper());
		assertThat(restarted.between(LocalDate.MIN, LocalDate.MAX))
			.isEqualTo(ledger.between(LocalDate.MIN, LocalDate.MAX))
			.isNotEmpty();
		assertThat(restarted.settledUntil()).isEqualTo(ledger.settledUntil()).isNotNull();
	}

	/**
	 * The ledger's definitions, computed independently from the acknowledged messages.
	 */
	private static Map<LocalDate, LedgerDay> expected(List<OutgoingMessage> acked) {
		// A late ad click can be published after the order it earned, so map clicks
		// first.
		Map<String, String> campaignOfClick = new HashMap<>();
		acked.stream()
			.filter((message) -> message.kind() != OutgoingMessage.Kind.POISON)
			.filter((message) -> message.event() instanceof AdClicked)
			.forEach((message) -> campaignOfClick.put(((AdClicked) message.event()).clickId(),
					((AdClicked) message.event()).campaignId()));
		Map<LocalDate, Sums> days = new TreeMap<>();
		for (OutgoingMessage message : acked) {
			Sums day = days.computeIfAbsent(message.event().occurredAt().atZone(ZoneOffset.UTC).toLocalDate(),
					(k) -> new Sums());
			if (message.kind() == OutgoingMessage.Kind.POISON) {
				day.poison.merge(message.poison().wireName(), 1L, Long::sum);
				day.stages.merge(message.poison().stage().wireName(), 1L, Long::sum);
				continue;
			}
			if (message.kind() == OutgoingMessage.Kind.DUPLICATE) {
				day.duplicates++;
				continue;
			}
			day.late += message.late() ? 1 : 0;
			if (message.event() instanceof SessionStarted) {
				day.sessions++;
			}
			else if (message.event() instanceof AdClicked click) {
				long[] campaign = day.campaigns.computeIfAbsent(click.campaignId(), (k) -> new long[5]);
				campaign[0]++;
				campaign[1] += click.costMicros();
			}
			else if (message.event() instanceof OrderCompleted order) {
				day.orders++;
				day.shipping += order.shippingCents();
				day.tax += order.taxCents();
				day.taxIncluded += order.pricesIncludeTax() ? order.taxCents() : 0;
				day.discount += order.discountCents();
				for (OrderLine line : order.lines()) {
					day.units += line.quantity();
					day.gross += (long) line.quantity() * line.unitPriceCents();
					day.discount += line.discountCents();
					long[] product = day.products.computeIfAbsent(line.productId(), (k) -> new long[2]);
					product[0] += line.quantity();
					product[1] += (long) line.quantity() * line.unitPriceCents() - line.discountCents();
				}
				if (order.clickId() != null) {
					long[] campaign = day.campaigns.computeIfAbsent(campaignOfClick.get(order.clickId()),
							(k) -> new long[5]);
					campaign[3]++;
					campaign[4] += order.subtotalCents() - order.discountCents();
				}
			}
			else if (message.event() instanceof OrderRefunded refund) {
				day.refunds++;
				day.refund += refund.amountCents();
			}
			else if (message.event() instanceof AdImpressionsReported report) {
				// Impressions count on the day the report covers, the report on the day
				// it arrived.
				days.computeIfAbsent(report.reportDate(), (k) -> new Sums()).campaigns
					.computeIfAbsent(report.campaignId(), (k) -> new long[5])[2] += report.impressions();
			}
		}
		Map<LocalDate, LedgerDay> ledgerDays = new TreeMap<>();
		days.forEach((date, sums) -> ledgerDays.put(date, sums.day()));
		return ledgerDays;
	}

	/** One day's sums, as the test counts them. */
	private static final class Sums {

		long sessions;

		long orders;

		long units;

		long gross;

		long discount;

		long shipping;

		long tax;

		long taxIncluded;

		long refunds;

		long refund;

		long duplicates;

		long late;

		final Map<String, long[]> products = new TreeMap<>();

		final Map<String, long[]> campaigns = new TreeMap<>();

		final Map<String, Long> poison = new TreeMap<>();

		final Map<String, Long> stages = new TreeMap<>();

		LedgerDay day() {
			Map<String, LedgerDay.Product> productDays = new TreeMap<>();
			this.products.forEach((id, sums) -> productDays.put(id, new LedgerDay.Product(sums[0], sums[1])));
			Map<String, LedgerDay.Campaign> campaignDays = new TreeMap<>();
			this.campaigns.forEach((id, sums) -> campaignDays.put(id,
					new LedgerDay.Campaign(sums[0], sums[1], sums[2], sums[3], sums[4])));
			long net = this.gross - this.discount - this.refund;
			return new LedgerDay(this.sessions, this.orders, this.units, this.gross, this.discount, this.shipping,
					this.tax, this.taxIncluded, this.refunds, this.refund, net,
					net + this.shipping + this.tax - this.taxIncluded, this.duplicates, this.late, productDays,
					campaignDays, this.poison, this.stages);
		}

	}

	/**
	 * Refuses what {@code refuse} matches, acknowledges the rest, and remembers which.
	 */
	private static final class Recording implements MessagePublisher {

		private final java.util.function.Predicate<OutgoingMessage> refuse;

		private final List<OutgoingMessage> acked = Collections.synchronizedList(new ArrayList<>());

		private final boolean takesPoison;

		private long failed;

		Recording(java.util.function.Predicate<OutgoingMessage> refuse) {
			this(refuse, true);
		}

		Recording(java.util.function.Predicate<OutgoingMessage> refuse, boolean takesPoison) {
			this.refuse = refuse;
			this.takesPoison = takesPoison;
		}

		@Override
		public boolean acceptsPoison() {
			return this.takesPoison;
		}

		@Override
		public CompletableFuture<Void> publish(OutgoingMessage message, Instant publishTime) {
			if (this.refuse.test(message) || (message.kind() == OutgoingMessage.Kind.POISON && !this.takesPoison)) {
				this.failed++;
				return CompletableFuture.failedFuture(new IllegalStateException("refused by the test"));
			}
			this.acked.add(message);
			return CompletableFuture.completedFuture(null);
		}

	}

}
