package io.shoplake.producer.traffic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PacerTests {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	@Test
	void acceleratedRunsTimeScaleFasterUntilItCatchesUpWithNow() {
		Instant start = NOW.minus(Duration.ofDays(7));
		Pacer pacer = new Pacer(Mode.ACCELERATED, this.clock, start, 60);
		assertThat(pacer.due(start)).isEqualTo(NOW);
		assertThat(pacer.due(start.plus(Duration.ofHours(1)))).isEqualTo(NOW.plusSeconds(60));
		assertThat(pacer.due(start.plus(Duration.ofDays(1)))).isEqualTo(NOW.plus(Duration.ofMinutes(24)));
		// Seven simulated days take 168 wall minutes; by then simulated time has reached
		// now
		// and goes on in step with the clock instead of running ahead of it.
		Instant caughtUp = NOW.plus(Duration.ofHours(3));
		assertThat(pacer.due(caughtUp)).isEqualTo(caughtUp);
	}

	@Test
	void whileWaitingSimulatedTimeIsWhereTheClockMapsToButNotPastTheNextMessage() {
		Instant start = NOW.minus(Duration.ofHours(2));
		// Started one wall minute ago at time scale 60: one simulated hour has passed.
		Pacer accelerated = new Pacer(Mode.ACCELERATED, this.clock, NOW.minusSeconds(60), start, 60);
		assertThat(accelerated.reached(NOW)).isEqualTo(start.plus(Duration.ofHours(1)));
		assertThat(accelerated.reached(start.plusSeconds(600))).isEqualTo(start.plusSeconds(600));
		// Started three wall minutes ago: it would be an hour ahead, so it is at now.
		Pacer caughtUp = new Pacer(Mode.ACCELERATED, this.clock, NOW.minusSeconds(180), start, 60);
		assertThat(caughtUp.reached(NOW.plusSeconds(5))).isEqualTo(NOW);
		Pacer realtime = new Pacer(Mode.REALTIME, this.clock, NOW.minusSeconds(60), NOW.minusSeconds(600), 1);
		assertThat(realtime.reached(NOW.plusSeconds(5))).isEqualTo(NOW);
		Pacer backfill = new Pacer(Mode.BACKFILL, this.clock, start, 1);
		assertThat(backfill.reached(NOW.plus(Duration.ofDays(1)))).isEqualTo(NOW.plus(Duration.ofDays(1)));
	}

	@Test
	void realtimeStartedMidHourPublishesTheHoursEarlierEventsAtOnce() {
		Instant hour = NOW.minus(Duration.ofMinutes(25));
		Pacer realtime = new Pacer(Mode.REALTIME, this.clock, hour, 1);
		assertThat(realtime.due(hour.plusSeconds(60))).isEqualTo(hour.plusSeconds(60)).isBefore(NOW);
		assertThat(realtime.due(NOW.plusSeconds(30))).isEqualTo(NOW.plusSeconds(30));
	}

	@Test
	void realtimeIsOneToOneAndBackfillNeverWaits() throws InterruptedException {
		Pacer realtime = new Pacer(Mode.REALTIME, this.clock, NOW, 60);
		assertThat(realtime.due(NOW.plusSeconds(90))).isEqualTo(NOW.plusSeconds(90));
		Pacer backfill = new Pacer(Mode.BACKFILL, this.clock, NOW.minus(Duration.ofDays(30)), 1);
		assertThat(backfill.due(NOW.minus(Duration.ofDays(1)))).isEqualTo(NOW);
		backfill.awaitDue(NOW.plus(Duration.ofDays(365)));
	}

}
