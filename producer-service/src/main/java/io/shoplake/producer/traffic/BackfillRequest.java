package io.shoplake.producer.traffic;

import java.time.LocalDate;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Body of {@code POST /traffic/backfill}: whole UTC days, as fast as possible.
 *
 * @param from first day
 * @param to last day (included)
 * @param ordersPerDay approximate orders per ordinary day (sets the session rate;
 * default: the configured rate)
 * @param seed simulation seed (default: configuration)
 */
public record BackfillRequest(@NotNull LocalDate from, @NotNull LocalDate to, @PositiveOrZero Long ordersPerDay,
		Long seed) {
}
