package io.shoplake.transform.engine;

import java.time.LocalDate;

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

	public RunRequest {
		fullRefresh = Boolean.TRUE.equals(fullRefresh);
		if ((from == null) != (to == null)) {
			throw new IllegalArgumentException("from and to go together");
		}
		if (from != null && to.isBefore(from)) {
			throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
		}
	}

	public static RunRequest all() {
		return new RunRequest(null, null, null, false);
	}

}
