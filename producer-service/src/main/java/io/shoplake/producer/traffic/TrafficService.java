package io.shoplake.producer.traffic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Gauge;
import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import io.shoplake.producer.defects.DefectInjector;
import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.ledger.LedgerStore;
import io.shoplake.producer.publish.MessagePublisher;
import io.shoplake.producer.publish.PublisherProperties;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, stops and reshapes traffic; at most one run at a time. A run owns one thread
 * ({@code traffic}) and shares the shard executor.
 */
public final class TrafficService {

	private static final Logger log = LoggerFactory.getLogger(TrafficService.class);

	/**
	 * Orders per session of the default behaviour, measured over simulated weeks; turns
	 * orders/day into a rate.
	 */
	public static final double ORDERS_PER_SESSION = 0.028;

	private final SimulationProperties simulation;

	private final PublisherProperties publishing;

	private final MessagePublisher publisher;

	private final Ledger ledger;

	private final LedgerStore ledgerStore;

	private final EventCodec codec;

	private final Clock clock;

	private final ExecutorService shards;

	private final TrafficStats stats;

	private Running running;

	/** Told every generated slice's valid events, in time order. */
	private final Consumer<List<Event>> generated;

	public TrafficService(SimulationProperties simulation, PublisherProperties publishing, MessagePublisher publisher,
			Ledger ledger, LedgerStore ledgerStore, EventCodec codec, Clock clock, ExecutorService shards,
			io.micrometer.core.instrument.MeterRegistry registry, Consumer<List<Event>> generated) {
		this.generated = generated;
		this.simulation = simulation;
		this.publishing = publishing;
		this.publisher = publisher;
		this.ledger = ledger;
		this.ledgerStore = ledgerStore;
		this.codec = codec;
		this.clock = clock;
		this.shards = shards;
		this.stats = new TrafficStats(registry);
		Gauge.builder("shoplake.producer.in_flight", this, (service) -> service.runCount(TrafficRun::inFlight))
			.description("Messages published and not yet acknowledged")
			.register(registry);
		Gauge.builder("shoplake.producer.pending", this, (service) -> service.runCount(TrafficRun::pending))
			.description("Messages generated and not yet published (late ones wait here)")
			.register(registry);
	}

	/** Starts realtime or accelerated traffic. */
	public synchronized TrafficStatus start(StartRequest request) {
		Mode mode = request.mode();
		if (mode == Mode.BACKFILL) {
			throw new IllegalArgumentException("use POST /traffic/backfill for backfills");
		}
		TrafficLimits.checkRate("sessions_per_hour", request.sessionsPerHour());
		refreshLedger();
		Instant now = this.clock.instant();
		// Accelerated history starts at midnight, so its first day is whole (a partial
		// first day would show as a dip in every daily figure and could never be
		// backfilled: the ledger counts it).
		Instant from = (mode == Mode.ACCELERATED)
				? startOf(LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(request.historyDaysOrDefault()))
				: now.truncatedTo(ChronoUnit.HOURS);
		Instant generated = this.ledger.simulatedUntil();
		if (generated != null && generated.isAfter(from)) {
			// Simulated time up to there is in the ledger (and the lake) already.
			log.info("resuming after {}, the end of the simulated time generated before", generated);
			from = generated;
		}
		return launch(mode, request.seedOr(this.simulation.seed()),
				request.sessionsPerHourOr(this.simulation.traffic().sessionsPerHour()), from, null,
				request.timeScaleOrDefault());
	}

	/**
	 * Backfills whole UTC days from {@code from} to {@code to}, both included, as fast as
	 * possible.
	 */
	public synchronized TrafficStatus backfill(BackfillRequest request) {
		TrafficLimits.checkBackfill(request, LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC));
		refreshLedger();
		List<LocalDate> generated = this.ledger.generatedDays(startOf(request.from()),
				startOf(request.to().plusDays(1)));
		if (!generated.isEmpty()) {
			// The same seed simulates the same events for the same hours: the lake would
			// dedupe them, the ledger (the reconciliation's oracle) would count them
			// twice.
			throw new TrafficConflictException("hours of " + generated.get(0)
					+ ((generated.size() > 1) ? " to " + generated.get(generated.size() - 1) : "")
					+ " were simulated before; backfill only days never simulated, or start from an empty data folder");
		}
		double rate = (request.ordersPerDay() != null) ? request.ordersPerDay() / ORDERS_PER_SESSION / 24.0
				: this.simulation.traffic().sessionsPerHour();
		return launch(Mode.BACKFILL, (request.seed() != null) ? request.seed() : this.simulation.seed(), rate,
				startOf(request.from()), startOf(request.to().plusDays(1)), 1.0);
	}

	/**
	 * Backfills the whole days among the last {@code days} before today (UTC) that come
	 * after everything simulated so far, so that nothing is simulated twice: on a fresh
	 * ledger all of them, after earlier traffic only the days after its simulated time
	 * (none when it reaches yesterday).
	 */
	public synchronized CatchUp catchUp(CatchUpRequest request) {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		LocalDate from = today.minusDays(request.days());
		LocalDate to = today.minusDays(1);
		refreshLedger();
		Instant simulated = this.ledger.simulatedUntil();
		if (simulated != null) {
			LocalDate next = LocalDate.ofInstant(simulated.minusNanos(1), ZoneOffset.UTC).plusDays(1);
			from = next.isAfter(from) ? next : from;
		}
		if (from.isAfter(to)) {
			return new CatchUp(null, null, "nothing to backfill: simulated time already reaches " + simulated,
					status());
		}
		TrafficStatus started = backfill(new BackfillRequest(from, to, request.ordersPerDay(), request.seed()));
		return new CatchUp(from, to, "backfilling " + from + " to " + to
				+ ((simulated != null) ? " (simulated time reached " + simulated + ")" : ""), started);
	}

	/**
	 * While no traffic runs, loads the saved ledger again if this instance has counted
	 * nothing unsaved: another producer instance (the previous revision, during a
	 * rollout) may have saved after this one started, and traffic must resume from its
	 * counts.
	 */
	private void refreshLedger() {
		if (!trafficRunning()) {
			this.ledger.refresh(this.ledgerStore, this.codec.mapper());
		}
	}

	private boolean trafficRunning() {
		return this.running != null && this.running.thread.isAlive();
	}

	private TrafficStatus launch(Mode mode, long seed, double sessionsPerHour, Instant from, Instant until,
			double timeScale) {
		if (trafficRunning()) {
			throw new TrafficConflictException(
					"traffic is already running (" + this.running.mode + "); POST /traffic/stop first");
		}
		SimulationProperties properties = this.simulation.withSeed(seed).withSessionsPerHour(sessionsPerHour);
		SimulationProperties.Defects defects = properties.defects();
		ShopperSimulator simulator = new ShopperSimulator(properties, from);
		Instant start = simulator.position();
		TrafficRun run = new TrafficRun(simulator,
				new DefectInjector(this.codec, seed, defects.poisonRate(), defects.duplicateRate(), defects.lateRate()),
				this.publisher, this.ledger, this.stats, new Pacer(mode, this.clock, start, timeScale), this.shards,
				this.publishing.maxInFlight(), until, this.generated);
		Thread thread = new Thread(run, "traffic");
		thread.setDaemon(true);
		this.running = new Running(mode, seed, sessionsPerHour, start, timeScale, start, until, simulator, run, thread);
		thread.start();
		log.info("traffic started mode={} seed={} sessionsPerHour={} from={} until={}", mode, seed, sessionsPerHour,
				from, until);
		return status();
	}

	/** Stops the running traffic, waiting for messages in flight; idempotent. */
	public TrafficStatus stop() {
		Running current;
		synchronized (this) {
			current = this.running;
		}
		if (current != null) {
			current.run.stop();
			current.thread.interrupt();
			try {
				current.thread.join(TrafficRun.DRAIN_TIMEOUT.plusSeconds(5).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return status();
	}

	/**
	 * Changes the base session rate of the running traffic from its next simulated hour;
	 * the answer says which ({@code sessions_per_hour_from}).
	 */
	public synchronized TrafficStatus changeRate(double sessionsPerHour) {
		TrafficLimits.checkRate("sessions_per_hour", sessionsPerHour);
		if (!trafficRunning()) {
			throw new TrafficConflictException("no traffic is running; POST /traffic/start first");
		}
		Instant from = this.running.simulator.setSessionsPerHour(sessionsPerHour);
		this.running = this.running.withRate(sessionsPerHour, from);
		log.info("traffic rate changed sessionsPerHour={} from={}", sessionsPerHour, from);
		return status();
	}

	/**
	 * Blocks until the running traffic ends (a finished backfill), at most
	 * {@code timeout}.
	 */
	public boolean awaitCompletion(Duration timeout) throws InterruptedException {
		Running current;
		synchronized (this) {
			current = this.running;
		}
		if (current == null) {
			return true;
		}
		current.thread.join(timeout.toMillis());
		return !current.thread.isAlive();
	}

	/** A count of the current run for a gauge, without building a whole status. */
	private synchronized double runCount(java.util.function.ToIntFunction<TrafficRun> count) {
		return (this.running != null) ? count.applyAsInt(this.running.run) : 0;
	}

	public synchronized TrafficStatus status() {
		Running current = this.running;
		if (current == null) {
			return new TrafficStatus(TrafficStatus.State.STOPPED, null, null, null, null, null, null, null, 0, 0,
					this.stats.snapshot(), null);
		}
		TrafficStatus.State state = current.thread.isAlive() ? TrafficStatus.State.RUNNING
				: current.run.stoppedEarly() ? TrafficStatus.State.STOPPED : TrafficStatus.State.COMPLETED;
		Instant simulated = current.run.simulatedNow();
		Long lagSeconds = (current.mode == Mode.BACKFILL) ? null
				: Math.max(0, Duration.between(simulated, this.clock.instant()).getSeconds());
		return new TrafficStatus(state, current.mode, current.seed, current.sessionsPerHour, current.rateFrom,
				current.timeScale, current.from, simulated, current.run.inFlight(), current.run.pending(),
				this.stats.snapshot(), lagSeconds);
	}

	private static Instant startOf(LocalDate day) {
		return day.atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	/** The current run; its rate applies from the simulated hour {@code rateFrom}. */
	private record Running(Mode mode, long seed, double sessionsPerHour, Instant rateFrom, double timeScale,
			Instant from, Instant until, ShopperSimulator simulator, TrafficRun run, Thread thread) {

		Running withRate(double rate, Instant applying) {
			return new Running(this.mode, this.seed, rate, applying, this.timeScale, this.from, this.until,
					this.simulator, this.run, this.thread);
		}

	}

}
