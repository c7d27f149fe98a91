package io.shoplake.producer.traffic;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Body of {@code POST /traffic/catch-up}: backfill the last {@code days} whole UTC days
 * before today that come after everything simulated so far.
 *
 * @param days how many days before today to cover at most
 * @param ordersPerDay approximate orders per ordinary day (default: the configured rate)
 * @param seed simulation seed (default: configuration)
 */
public record CatchUpRequest(@NotNull @Min(1) @Max(TrafficLimits.MAX_BACKFILL_DAYS) Integer days,
		@PositiveOrZero Long ordersPerDay, Long seed) {

}
