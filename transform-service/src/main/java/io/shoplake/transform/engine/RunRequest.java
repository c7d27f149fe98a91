package io.shoplake.transform.engine;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import io.shoplake.events.TimeWindow;

/**
 * What to run.
 *
 * @param select models to build ({@code +m}, {@code m+}, {@code tag:x}, names); all when
 * empty
 * @param from first event date to restate (recompute) in incremental models, if any
 * @param to last event date to restate, inclusive
 * @param fullRefresh rebuild incremental models from scratch (absent: false)
 */
public record RunRequest(String select, LocalDate from, LocalDate to, Boolean fullRefresh) {

	/** Most event dates one run restates. */
	public static final int MAX_RESTATE_DAYS = 366;

	public RunRequest {
		fullRefresh = Boolean.TRUE.equals(fullRefresh);
		if ((from == null) != (to == null)) {
			throw new IllegalArgumentException("from and to go together");
		}
		if (from != null && to.isBefore(from)) {
			throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
		}
		if (from != null && from.isBefore(TimeWindow.DEFAULT.earliestDate())) {
			throw new IllegalArgumentException("from (" + from + ") is before " + TimeWindow.DEFAULT.earliestDate()
					+ ", the earliest event date the contract accepts");
		}
		if (from != null && ChronoUnit.DAYS.between(from, to) + 1 > MAX_RESTATE_DAYS) {
			throw new IllegalArgumentException(
					"from " + from + " to " + to + " is " + (ChronoUnit.DAYS.between(from, to) + 1)
							+ " days; a run restates at most " + MAX_RESTATE_DAYS + " days (send several)");
		}
		if (select != null && select.length() > 1_000) {
			throw new IllegalArgumentException("select has " + select.length() + " characters; at most 1000");
		}
	}

	/**
	 * Checks the range against {@code today}: event dates after tomorrow (UTC) hold
	 * nothing the contract accepts.
	 * @throws IllegalArgumentException naming {@code to}
	 */
	public void checkAgainst(LocalDate today) {
		if (this.to != null && this.to.isAfter(today.plusDays(1))) {
			throw new IllegalArgumentException(
					"to (" + this.to + ") is after " + today.plusDays(1) + " (today + 1 day, UTC): no events there");
		}
	}

	public static RunRequest all() {
		return new RunRequest(null, null, null, false);
	}

}
