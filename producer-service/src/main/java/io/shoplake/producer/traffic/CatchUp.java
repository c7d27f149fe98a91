package io.shoplake.producer.traffic;

import java.time.LocalDate;

/**
 * Answer of {@code POST /traffic/catch-up}.
 *
 * @param from first day backfilled, or null when there was nothing to backfill
 * @param to last day backfilled, or null
 * @param detail what was done, or why nothing
 * @param traffic the traffic status after it
 */
public record CatchUp(LocalDate from, LocalDate to, String detail, TrafficStatus traffic) {

	/** Whether a backfill was started. */
	public boolean started() {
		return this.from != null;
	}

}
