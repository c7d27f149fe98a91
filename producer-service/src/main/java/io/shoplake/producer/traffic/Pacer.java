package io.shoplake.producer.traffic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Maps simulated time to the wall time at which it should be published, and waits for it:
 * not at all in backfill, {@code 1/time_scale} in accelerated mode (until simulated time
 * catches up with now, then in step with it), one to one in realtime.
 */
final class Pacer {

	private final Mode mode;

	private final Clock clock;

	private final Instant wallStart;

	private final Instant simulatedStart;

	private final double timeScale;

	Pacer(Mode mode, Clock clock, Instant simulatedStart, double timeScale) {
		this.mode = mode;
		this.clock = clock;
		this.wallStart = clock.instant();
		this.simulatedStart = simulatedStart;
		this.timeScale = (mode == Mode.REALTIME) ? 1.0 : timeScale;
	}

	/** The wall time at which an event of simulated time {@code simulated} is due. */
	Instant due(Instant simulated) {
		if (this.mode == Mode.BACKFILL) {
			return this.wallStart;
		}
		long simulatedMillis = Duration.between(this.simulatedStart, simulated).toMillis();
		Instant paced = this.wallStart.plusMillis((long) (simulatedMillis / this.timeScale));
		// Never ahead of the real clock: accelerated time slows to realtime once it
		// catches up.
		return paced.isAfter(simulated) ? paced : simulated;
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
