package io.shoplake.support.web;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The one window every date range of every API is held to: from {@link #EARLIEST} (the
 * contract accepts nothing earlier) to tomorrow (UTC; events are at most a day ahead),
 * {@code from} not after {@code to}, and at most {@code maxDays} days. A violation is an
 * {@link IllegalArgumentException} naming the parameter, which the services answer with a
 * 400 problem.
 */
public final class DateRanges {

	/** The first date any API accepts. */
	public static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

	/** The longest range a read API accepts: the whole window. */
	public static final int ANY_LENGTH = Integer.MAX_VALUE;

	private DateRanges() {
	}

	/** Checks {@code from}..{@code to} (either may be null: not given). */
	public static void check(LocalDate from, LocalDate to, LocalDate today, int maxDays) {
		LocalDate latest = today.plusDays(1);
		checkDate("from", from, latest);
		checkDate("to", to, latest);
		if (from != null && to != null) {
			if (to.isBefore(from)) {
				throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
			}
			long days = ChronoUnit.DAYS.between(from, to) + 1;
			if (days > maxDays) {
				throw new IllegalArgumentException(
						"from " + from + " to " + to + " is " + days + " days; at most " + maxDays + " are accepted");
			}
		}
	}

	private static void checkDate(String name, LocalDate date, LocalDate latest) {
		if (date == null) {
			return;
		}
		if (date.isBefore(EARLIEST)) {
			throw new IllegalArgumentException(name + " (" + date + ") is before " + EARLIEST + ", the earliest date");
		}
		if (date.isAfter(latest)) {
			throw new IllegalArgumentException(
					name + " (" + date + ") is after " + latest + " (today + 1 day, UTC), the latest date");
		}
	}

}
