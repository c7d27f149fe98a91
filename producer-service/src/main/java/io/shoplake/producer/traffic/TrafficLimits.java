package io.shoplake.producer.traffic;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import io.shoplake.events.TimeWindow;

/**
 * Bounds on every control input, checked before anything starts: each violation is a 400
 * problem naming the field.
 * <ul>
 * <li>a session rate is a finite number from 0 to {@link #MAX_SESSIONS_PER_HOUR}: one
 * instance generates ~1.4 million events a second on one thread and publishes ~250,000
 * (docs/benchmarks.md), ~20,000 sessions a second; ten million an hour (2,800 a second)
 * stays well inside that in realtime, and a backfill at that rate still ends;</li>
 * <li>{@code orders_per_day} is at most {@link #MAX_ORDERS_PER_DAY} (that rate at the
 * shop's conversion);</li>
 * <li>a backfill covers whole past days only (it ends before today, UTC), from
 * {@link TimeWindow#EARLIEST} on, at most {@link #MAX_BACKFILL_DAYS} days a request:
 * later days would be events from the future, which ingest quarantines while the ledger
 * counts them.</li>
 * </ul>
 */
public final class TrafficLimits {

	/** Highest base session rate. */
	public static final double MAX_SESSIONS_PER_HOUR = 10_000_000;

	/** Highest {@code orders_per_day} of a backfill. */
	public static final long MAX_ORDERS_PER_DAY = 5_000_000;

	/** Most days one backfill request covers. */
	public static final int MAX_BACKFILL_DAYS = 366;

	private TrafficLimits() {
	}

	/** Checks a session rate given as {@code field}. */
	static void checkRate(String field, Double sessionsPerHour) {
		if (sessionsPerHour == null) {
			return;
		}
		if (!Double.isFinite(sessionsPerHour) || sessionsPerHour < 0 || sessionsPerHour > MAX_SESSIONS_PER_HOUR) {
			throw new IllegalArgumentException(field + " must be a finite number from 0 to "
					+ String.format(Locale.ROOT, "%,.0f", MAX_SESSIONS_PER_HOUR) + "; got " + sessionsPerHour);
		}
	}

	/** Checks a backfill request against today (UTC). */
	static void checkBackfill(BackfillRequest request, LocalDate today) {
		LocalDate earliest = TimeWindow.DEFAULT.earliestDate();
		if (request.from().isBefore(earliest)) {
			throw new IllegalArgumentException(
					"from (" + request.from() + ") is before " + earliest + ", the earliest day the contract accepts");
		}
		if (!request.to().isBefore(today)) {
			throw new IllegalArgumentException("to (" + request.to() + ") is not a past day: a backfill ends before "
					+ "today (" + today + ", UTC); use POST /traffic/start for today and later");
		}
		if (request.to().isBefore(request.from())) {
			throw new IllegalArgumentException("to (" + request.to() + ") is before from (" + request.from() + ")");
		}
		long days = ChronoUnit.DAYS.between(request.from(), request.to()) + 1;
		if (days > MAX_BACKFILL_DAYS) {
			throw new IllegalArgumentException("from " + request.from() + " to " + request.to() + " is " + days
					+ " days; a backfill covers at most " + MAX_BACKFILL_DAYS + " days (send several)");
		}
		if (request.ordersPerDay() != null
				&& (request.ordersPerDay() < 0 || request.ordersPerDay() > MAX_ORDERS_PER_DAY)) {
			throw new IllegalArgumentException("orders_per_day must be from 0 to "
					+ String.format(Locale.ROOT, "%,d", MAX_ORDERS_PER_DAY) + "; got " + request.ordersPerDay());
		}
	}

}
