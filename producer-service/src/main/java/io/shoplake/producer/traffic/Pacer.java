package io.shoplake.producer.traffic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Maps simulated time to the wall time at which it should be published, and waits for it:
 * not at all in backfill, {@code 1/time_scale} in accelerated mode (until simulated time
 * catches up with now, then in step with it), at its own instant in realtime (simulated
 * time is wall time; what a realtime run simulates before now, such as the start of the
 * current hour, is due at once).
 */
final class Pacer {

	private final Mode mode;

	private final Clock clock;

	private final Instant wallStart;

	private final Instant simulatedStart;

	private final double timeScale;

	Pacer(Mode mode, Clock clock, Instant simulatedStart, double timeScale) {
		this(mode, clock, clock.instant(), simulatedStart, timeScale);
	}

	/** A pacer that started at {@code wallStart}. */
	Pacer(Mode mode, Clock clock, Instant wallStart, Instant simulatedStart, double timeScale) {
		this.mode = mode;
		this.clock = clock;
		this.wallStart = wallStart;
		this.simulatedStart = simulatedStart;
		this.timeScale = timeScale;
	}

	/** The wall time at which an event of simulated time {@code simulated} is due. */
	Instant due(Instant simulated) {
		if (this.mode == Mode.BACKFILL) {
			return this.wallStart;
		}
		if (this.mode == Mode.REALTIME) {
			return simulated;
		}
		long simulatedMillis = Duration.between(this.simulatedStart, simulated).toMillis();
		Instant paced = this.wallStart.plusMillis((long) (simulatedMillis / this.timeScale));
		// Never ahead of the real clock: accelerated time slows to realtime once it
		// catches up.
		return paced.isAfter(simulated) ? paced : simulated;
	}

	/**
	 * The simulated time reached now while waiting for {@code next}, the next message:
	 * where the clock maps to in simulated time (the inverse of {@link #due}), but not
	 * past {@code next}. Backfill never waits, so it has reached {@code next}.
	 */
	Instant reached(Instant next) {
		if (this.mode == Mode.BACKFILL) {
			return next;
		}
		Instant wall = this.clock.instant();
		Instant simulated = wall;
		if (this.mode == Mode.ACCELERATED) {
			double wallMillis = Duration.between(this.wallStart, wall).toMillis();
			Instant paced = this.simulatedStart.plusMillis((long) (wallMillis * this.timeScale));
			simulated = paced.isBefore(wall) ? paced : wall;
		}
		return simulated.isBefore(next) ? simulated : next;
	}

	/**
	 * The publish time a message due at simulated time {@code publishAt} carries, as a
	 * bus would have stamped it in a shop running at that time: the simulated time in
	 * backfill and accelerated traffic (so partitions, lateness and freshness read as a
	 * real shop's), the wall clock in realtime.
	 */
	Instant publishTime(Instant publishAt) {
		return (this.mode == Mode.REALTIME) ? this.clock.instant().truncatedTo(ChronoUnit.MILLIS) : publishAt;
	}

	/** Blocks until {@code simulated} is due; returns at once in backfill. */
	void awaitDue(Instant simulated) throws InterruptedException {
		if (this.mode == Mode.BACKFILL) {
			return;
		}
		long wait = Duration.between(this.clock.instant(), due(simulated)).toMillis();
		if (wait > 0) {
			Thread.sleep(wait);
		}
	}

}
