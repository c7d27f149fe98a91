package io.shoplake.producer.realism;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.shoplake.events.Event;

/**
 * The realism card of everything this producer has generated: each slice of simulated
 * time's valid events are counted by a {@link RealismReport} on a thread of its own,
 * beside the run (at most one slice waits, so the run is held back only if counting falls
 * a slice behind). Cards are read at any time. Thread-safe.
 */
public final class RealismRecorder implements AutoCloseable {

	private final RealismReport report = new RealismReport();

	private final ExecutorService counter = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "realism-card");
		thread.setDaemon(true);
		return thread;
	});

	private Future<?> counting;

	/** Counts a slice's events (in time order), after the slice before it. */
	public synchronized void record(List<Event> events) {
		awaitCounting();
		List<Event> slice = List.copyOf(events);
		this.counting = this.counter.submit(() -> {
			synchronized (this.report) {
				slice.forEach(this.report::accept);
			}
		});
	}

	/**
	 * The card of the event dates {@code from} to {@code to}, or empty when nothing was
	 * generated in them.
	 */
	public Optional<Scorecard> card(LocalDate from, LocalDate to) {
		awaitCountingQuietly();
		synchronized (this.report) {
			Optional<LocalDate[]> range = this.report.range();
			if (range.isEmpty() || to.isBefore(range.get()[0]) || from.isAfter(range.get()[1])) {
				return Optional.empty();
			}
			return Optional.of(this.report.card(from, to));
		}
	}

	/** The first and last event dates counted, or empty before any. */
	public Optional<LocalDate[]> range() {
		awaitCountingQuietly();
		synchronized (this.report) {
			return this.report.range();
		}
	}

	private synchronized void awaitCountingQuietly() {
		awaitCounting();
	}

	private void awaitCounting() {
		if (this.counting == null) {
			return;
		}
		try {
			this.counting.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("counting the realism card failed", ex.getCause());
		}
	}

	@Override
	public void close() {
		this.counter.shutdownNow();
	}

}
