package io.shoplake.producer.traffic;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Body of {@code PUT /traffic/rate}.
 *
 * @param sessionsPerHour new base session rate; 0 pauses arrivals
 */
public record RateRequest(@NotNull @PositiveOrZero Double sessionsPerHour) {
}
