package io.shoplake.events;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The times the contract accepts, relative to the receiver's clock: from
 * {@link #EARLIEST} (nothing in this shop happened before 2000, and every warehouse can
 * hold it) to {@code maxAhead} after now (clocks drift; a day more is a bug). Applied to
 * an event's {@code occurred_at} and dates, and to the bus's publish time, so that
 * whatever ingest acknowledges, both warehouses can load.
 *
 * @param earliest first instant accepted
 * @param maxAhead how far after the receiver's clock an instant may be
 */
public record TimeWindow(Instant earliest, Duration maxAhead) {

	/** The first instant the contract accepts: 2000-01-01T00:00:00Z. */
	public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	/** Default bound on how far after the receiver's clock an instant may be. */
	public static final Duration DEFAULT_MAX_AHEAD = Duration.ofHours(24);

	/** From 2000-01-01 to 24 hours after now. */
	public static final TimeWindow DEFAULT = new TimeWindow(EARLIEST, DEFAULT_MAX_AHEAD);

	/** The first day accepted. */
	public LocalDate earliestDate() {
		return LocalDate.ofInstant(this.earliest, ZoneOffset.UTC);
	}

	/**
	 * Why {@code instant}, the value of {@code field}, is outside the window at
	 * {@code now}; null when it is inside.
	 */
	public String violation(String field, Instant instant, Instant now) {
		if (instant.isBefore(this.earliest)) {
			return field + " " + describe(instant) + " is before " + Timestamps.format(this.earliest)
					+ ", the earliest time the contract accepts";
		}
		if (instant.isAfter(now.plus(this.maxAhead))) {
			return field + " " + describe(instant) + " is more than " + this.maxAhead.toHours()
					+ " h after the receiver's clock (" + Timestamps.format(now) + ")";
		}
		return null;
	}

	/**
	 * Why {@code date}, the value of {@code field}, is outside the window at {@code now};
	 * null when it is inside.
	 */
	public String violation(String field, LocalDate date, Instant now) {
		if (date.isBefore(earliestDate())) {
			return field + " " + date + " is before " + earliestDate() + ", the earliest date the contract accepts";
		}
		LocalDate latest = LocalDate.ofInstant(now.plus(this.maxAhead), ZoneOffset.UTC);
		if (date.isAfter(latest)) {
			return field + " " + date + " is after " + latest + ", more than " + this.maxAhead.toHours()
					+ " h after the receiver's clock";
		}
		return null;
	}

	private static String describe(Instant instant) {
		// Instant.toString keeps the sign and every digit of years outside 0000-9999.
		int year = instant.atZone(ZoneOffset.UTC).getYear();
		return (year < 0 || year > 9999) ? instant.toString() : Timestamps.format(instant);
	}

}
