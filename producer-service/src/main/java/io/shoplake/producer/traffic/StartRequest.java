package io.shoplake.producer.traffic;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Body of {@code POST /traffic/start}.
 *
 * @param mode {@code realtime} or {@code accelerated}
 * @param sessionsPerHour base session rate (default: configuration)
 * @param timeScale simulated seconds per wall second in accelerated mode (default 60: a
 * simulated day per 24 minutes)
 * @param seed simulation seed (default: configuration)
 * @param historyDays how many whole UTC days before today accelerated time starts, at
 * midnight (default 7; 0: the start of today)
 */
public record StartRequest(@NotNull Mode mode, @PositiveOrZero Double sessionsPerHour,
		@Positive @Max(100_000) Double timeScale, Long seed, @Min(0) @Max(3_650) Integer historyDays) {

	double sessionsPerHourOr(double fallback) {
		return (this.sessionsPerHour != null) ? this.sessionsPerHour : fallback;
	}

	long seedOr(long fallback) {
		return (this.seed != null) ? this.seed : fallback;
	}

	double timeScaleOrDefault() {
		return (this.timeScale != null) ? this.timeScale : 60.0;
	}

	int historyDaysOrDefault() {
		return (this.historyDays != null) ? this.historyDays : 7;
	}

}
