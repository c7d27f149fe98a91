package io.shoplake.producer.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

import io.shoplake.events.Event;
import io.shoplake.producer.defects.DefectInjector;
import io.shoplake.producer.defects.OutgoingMessage;
import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.publish.MessagePublisher;
import io.shoplake.producer.simulation.ShopperSimulator;

/**
 * One run of traffic: simulates hour after hour, five simulated minutes at a time on a
 * thread of its own (the next slice is simulated and its events turned into messages with
 * their defects while the run loop publishes the current one), holds late messages back
 * until their publish time, paces them to the wall clock, and publishes with at most
 * {@code maxInFlight} unacknowledged (or the larger window the publisher asks for;
 * generation waits for acknowledgements, nothing is dropped). The ledger counts each
 * message when the publisher acknowledges it.
 */
final class TrafficRun implements Runnable {

	private final ShopperSimulator simulator;

	private final DefectInjector defects;

	private final MessagePublisher publisher;

	private final Ledger ledger;

	private final TrafficStats stats;

	private final Pacer pacer;

	private final ExecutorService shards;

	/** Longest wait for messages in flight when a run ends. */
	static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

	private final Semaphore inFlight;

	private final int maxInFlight;

	private final Instant until;

	/**
	 * Told every simulated slice's valid events, in time order (the realism card counts
	 * them).
	 */
	private final Consumer<List<Event>> generated;

	/**
	 * Messages are published by publish time, then by generation order; compared on
	 * primitives (this is the hot loop).
	 */
	private static final Comparator<Pending> PUBLISH_ORDER = (a, b) -> (a.at() != b.at()) ? Long.compare(a.at(), b.at())
			: Long.compare(a.sequence(), b.sequence());

	/**
	 * Messages waiting to be published when their event occurs (nearly all), as sorted
	 * runs: the simulator hands out each hour in time order, and an hour's last sessions
	 * run into the next, so a few runs (one per recent hour) are merged instead of
	 * keeping a heap of a million messages.
	 */
	private final ArrayDeque<ArrayDeque<Pending>> runs = new ArrayDeque<>();

	/** Events whose messages are drawn per task on the shard threads. */
	private static final int DRAW_PART = 4_096;

	/**
	 * At most this many messages per event (the event, a duplicate, a pill): a message's
	 * sequence is its event's number times this, plus its own place.
	 */
	private static final int MESSAGES_PER_EVENT = 4;

	/** More runs than this (events out of order) and the heap takes the rest. */
	private static final int MAX_RUNS = 8;

	/** The rest (late messages, duplicates), in {@link #PUBLISH_ORDER}. */
	private final PriorityQueue<Pending> outOfOrder = new PriorityQueue<>(PUBLISH_ORDER);

	/**
	 * Messages in the runs and the heap; written by the run loop only, read by status
	 * requests (which must not walk the runs while the loop changes them).
	 */
	private volatile int pendingCount;

	private volatile boolean stopping;

	private volatile Instant simulatedNow;

	/** The message the run is waiting to be due, or null when it is not waiting. */
	private volatile Instant awaiting;

	/**
	 * Events simulated so far (a message's place in generation order is its event's
	 * number and its own among the event's messages): the simulation thread's alone.
	 */
	private long eventsSimulated;

	/**
	 * The hour being simulated, and where it started: the simulation thread's alone.
	 */
	private ShopperSimulator.Hour hour;

	private Instant hourStart;

	TrafficRun(ShopperSimulator simulator, DefectInjector defects, MessagePublisher publisher, Ledger ledger,
			TrafficStats stats, Pacer pacer, ExecutorService shards, int maxInFlight, Instant until,
			Consumer<List<Event>> generated) {
		this.generated = generated;
		this.simulator = simulator;
		// A pill the publisher would refuse is not built (an oversized one is 1.1 MB).
		this.defects = publisher.acceptsPoison() ? defects : defects.withoutPoison();
		this.publisher = publisher;
		this.ledger = ledger;
		this.stats = stats;
		this.pacer = pacer;
		this.shards = shards;
		this.maxInFlight = publisher.window(maxInFlight);
		this.inFlight = new Semaphore(this.maxInFlight);
		this.until = until;
		this.simulatedNow = simulator.position();
	}

	@Override
	public void run() {
		// The next slice is simulated and serialized while this one is published.
		ExecutorService ahead = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "traffic-simulation");
			thread.setDaemon(true);
			return thread;
		});
		try {
			Future<Slice> next = ahead.submit(this::simulateNext);
			while (!this.stopping) {
				Slice slice = join(next);
				if (slice == null) {
					break;
				}
				next = ahead.submit(this::simulateNext);
				this.generated.accept(slice.events());
				if (slice.firstOfHour()) {
					// Generated, so never generated again: what is not acknowledged of it
					// (or, after a stop, not simulated) is not counted either.
					this.ledger.simulated(slice.hourStart(), slice.hourEnd());
				}
				publishSlice(slice);
				if (slice.lastOfHour()) {
					this.publisher.flush();
				}
			}
			if (!this.stopping) {
				publishDue(Long.MAX_VALUE);
			}
			else {
				// What was simulated ahead and not handed over is simply not generated.
				publishLateReferences();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			ahead.shutdownNow();
			this.publisher.flush();
			drain();
		}
	}

	/**
	 * Simulates the next slice of simulated time ({@link ShopperSimulator.Hour}, which
	 * serializes each event on its shard) and draws its messages (defects applied) on the
	 * shard threads, in parts that come back in order (so the result does not depend on
	 * threads); null once the run's range is simulated. Runs on the simulation thread,
	 * one call at a time. What the run loop needs of each message (publish time, type,
	 * whether it is on time) is read here, on the shard threads: the run loop would fetch
	 * each event from memory again.
	 */
	private Slice simulateNext() throws InterruptedException {
		boolean first = false;
		if (this.hour == null || !this.hour.hasNext()) {
			if (this.until != null && !this.simulator.position().isBefore(this.until)) {
				return null;
			}
			this.hourStart = this.simulator.position();
			// Each event serialized on its shard right after its session, while it is
			// still in the CPU's caches.
			this.hour = this.simulator.startHour(this.shards, this.defects::payload);
			first = true;
		}
		ShopperSimulator.Slice simulated = this.hour.next();
		List<Event> events = simulated.events();
		List<Future<Part>> parts = new ArrayList<>();
		for (int start = 0; start < events.size(); start += DRAW_PART) {
			int end = Math.min(events.size(), start + DRAW_PART);
			List<Event> part = events.subList(start, end);
			List<byte[]> payloads = simulated.json().subList(start, end);
			long firstEvent = this.eventsSimulated + start;
			parts.add(this.shards.submit(() -> draw(part, payloads, firstEvent)));
		}
		this.eventsSimulated += events.size();
		List<Pending> messages = new ArrayList<>(events.size() + events.size() / 20);
		TrafficStats.Tally generated = new TrafficStats.Tally();
		for (Future<Part> part : parts) {
			Part drawn = join(part);
			messages.addAll(drawn.messages());
			generated.add(drawn.generated());
		}
		return new Slice(this.hourStart, this.simulator.position(), first, !this.hour.hasNext(), events, messages,
				generated, this.hour.reachedMillis());
	}

	/**
	 * The messages of {@code events} (numbered from {@code firstEvent}, their bytes in
	 * {@code payloads}) and their tally; on a shard thread.
	 */
	private Part draw(List<Event> events, List<byte[]> payloads, long firstEvent) {
		List<Pending> messages = new ArrayList<>(events.size() + events.size() / 20);
		TrafficStats.Tally generated = new TrafficStats.Tally();
		for (int i = 0; i < events.size(); i++) {
			Event event = events.get(i);
			String type = event.eventType();
			List<OutgoingMessage> drawn = this.defects.messages(event, payloads.get(i));
			if (drawn.size() > MESSAGES_PER_EVENT) {
				throw new IllegalStateException(drawn.size() + " messages for one event");
			}
			for (int k = 0; k < drawn.size(); k++) {
				OutgoingMessage message = drawn.get(k);
				generated.count(type, message.kind());
				messages.add(new Pending(message.publishAt().toEpochMilli(), (firstEvent + i) * MESSAGES_PER_EVENT + k,
						message.publishAt().equals(event.occurredAt()), type, message));
			}
		}
		return new Part(messages, generated);
	}

	/**
	 * Publishes a slice's messages. The simulator hands out events in time order and
	 * every message is published at or after its event occurs, so once a slice is held,
	 * what is due before where it reached (every later event occurs at or after it) is
	 * final: the publish order is the one the whole run held at once would give.
	 */
	private void publishSlice(Slice slice) throws InterruptedException {
		this.stats.count(TrafficStats.Outcome.GENERATED, slice.generated());
		for (Pending message : slice.messages()) {
			hold(message);
		}
		publishDue(slice.reachedMillis());
	}

	private static <T> T join(Future<T> result) throws InterruptedException {
		try {
			return result.get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("simulating or serializing events failed", ex.getCause());
		}
	}

	private void hold(Pending message) {
		this.pendingCount++;
		// Only messages published when their event occurs go to the runs: a duplicate
		// or late message would push every later on-time one out of its run.
		if (!message.onTime()) {
			this.outOfOrder.add(message);
			return;
		}
		ArrayDeque<Pending> newest = this.runs.peekLast();
		if (newest != null && message.at() >= newest.peekLast().at()) {
			newest.addLast(message);
		}
		else if (this.runs.size() < MAX_RUNS) {
			ArrayDeque<Pending> run = new ArrayDeque<>();
			run.add(message);
			this.runs.addLast(run);
		}
		else {
			this.outOfOrder.add(message);
		}
	}

	/**
	 * The next message to publish (the first of the runs' heads and the heap's), or null.
	 */
	private Pending next() {
		Pending first = this.outOfOrder.peek();
		for (ArrayDeque<Pending> run : this.runs) {
			Pending head = run.peekFirst();
			if (first == null || PUBLISH_ORDER.compare(head, first) < 0) {
				first = head;
			}
		}
		return first;
	}

	/** Takes out {@code next}, the message {@link #next()} returned. */
	private void take(Pending next) {
		this.pendingCount--;
		if (this.outOfOrder.peek() == next) {
			this.outOfOrder.poll();
			return;
		}
		for (ArrayDeque<Pending> run : this.runs) {
			if (run.peekFirst() == next) {
				run.pollFirst();
				if (run.isEmpty()) {
					this.runs.remove(run);
				}
				return;
			}
		}
	}

	/** Publishes, paced, every message due before {@code beforeMillis}. */
	private void publishDue(long beforeMillis) throws InterruptedException {
		Pending next;
		while (!this.stopping && (next = next()) != null && next.at() < beforeMillis) {
			take(next);
			OutgoingMessage message = next.message();
			this.awaiting = message.publishAt();
			this.pacer.awaitDue(message.publishAt());
			this.simulatedNow = message.publishAt();
			this.awaiting = null;
			publish(next);
		}
	}

	/**
	 * On stop: the valid events held back to be published late that occurred before the
	 * stop, published now, unpaced. What was published may refer to them (an order to the
	 * ad click that led to it); everything that occurred later is left unpublished
	 * together with what would refer to it.
	 */
	private void publishLateReferences() throws InterruptedException {
		Instant stoppedAt = this.simulatedNow;
		List<Pending> held = new ArrayList<>();
		List<Pending> waiting = new ArrayList<>(this.outOfOrder);
		this.runs.forEach(waiting::addAll);
		for (Pending pending : waiting) {
			OutgoingMessage message = pending.message();
			if (message.kind() == OutgoingMessage.Kind.VALID && message.late()
					&& !message.event().occurredAt().isAfter(stoppedAt)) {
				held.add(pending);
			}
		}
		held.sort(java.util.Comparator.comparing((Pending pending) -> pending.message().publishAt()));
		for (Pending pending : held) {
			publish(pending);
		}
		this.runs.clear();
		this.outOfOrder.clear();
		this.pendingCount = 0;
	}

	private void publish(Pending next) throws InterruptedException {
		OutgoingMessage message = next.message();
		if (!this.inFlight.tryAcquire()) {
			// A buffering publisher acknowledges only when it writes: make it write, then
			// wait until half the window is free, not one message: acknowledgements
			// arrive one by one, and resuming at the first would make the next flush
			// write an object of one message.
			this.publisher.flush();
			int refill = Math.max(1, this.maxInFlight / 2);
			this.inFlight.acquire(refill);
			this.inFlight.release(refill - 1);
		}
		String type = next.type();
		this.stats.count(TrafficStats.Outcome.PUBLISHED, message.kind(), type);
		long published = System.nanoTime();
		Instant publishTime = this.pacer.publishTime(message.publishAt());
		Ledger.Publication publication = this.ledger.published(message, publishTime);
		this.publisher.publish(message, publishTime).whenComplete((ok, error) -> {
			if (error == null) {
				this.stats.acknowledgedAfter(System.nanoTime() - published);
				this.ledger.acknowledged(publication);
				this.stats.count(TrafficStats.Outcome.ACKED, message.kind(), type);
			}
			else {
				this.ledger.failed(publication);
				this.stats.count(TrafficStats.Outcome.FAILED, message.kind(), type);
			}
			this.inFlight.release();
		});
	}

	/**
	 * Waits until every published message was acknowledged or failed, at most
	 * {@link #DRAIN_TIMEOUT}. A stop interrupts the run thread to cut short a pacing
	 * wait; that interrupt must not cut short this wait too, so it is set aside until the
	 * end.
	 */
	private void drain() {
		boolean interrupted = Thread.interrupted();
		try {
			if (this.inFlight.tryAcquire(this.maxInFlight, DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.inFlight.release(this.maxInFlight);
			}
		}
		catch (InterruptedException ex) {
			interrupted = true;
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	void stop() {
		this.stopping = true;
	}

	/** Whether the run was stopped before it finished its range. */
	boolean stoppedEarly() {
		return this.stopping;
	}

	/**
	 * How far simulated time has got: the last message published, or, while the run waits
	 * for the next one to be due, where the pacer's clock has reached (a quiet simulated
	 * night has few events, and its time passes all the same).
	 */
	Instant simulatedNow() {
		Instant published = this.simulatedNow;
		Instant next = this.awaiting;
		if (next == null) {
			return published;
		}
		Instant reached = this.pacer.reached(next);
		return reached.isAfter(published) ? reached : published;
	}

	int inFlight() {
		return this.maxInFlight - this.inFlight.availablePermits();
	}

	int pending() {
		return this.pendingCount;
	}

	/**
	 * A message waiting to be published: when, its place in generation order, whether it
	 * is published when its event occurs, and its event's type.
	 */
	private record Pending(long at, long sequence, boolean onTime, String type, OutgoingMessage message) {
	}

	/** A part of a slice drawn on a shard thread. */
	private record Part(List<Pending> messages, TrafficStats.Tally generated) {
	}

	/**
	 * A slice of simulated time ready to publish: its events, their messages (in
	 * generation order) and their tally, where the slice reached; its hour, and whether
	 * it is the hour's first or last slice.
	 */
	private record Slice(Instant hourStart, Instant hourEnd, boolean firstOfHour, boolean lastOfHour,
			List<Event> events, List<Pending> messages, TrafficStats.Tally generated, long reachedMillis) {
	}

}
