package io.shoplake.producer.traffic;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How simulated time relates to wall time. */
public enum Mode {

	/** Simulated time is now. */
	@JsonProperty("realtime")
	REALTIME,
	/**
	 * Simulated time runs {@code time_scale} times faster than wall time, from some days
	 * ago until it catches up with now.
	 */
	@JsonProperty("accelerated")
	ACCELERATED,
	/** A date range, as fast as possible. */
	@JsonProperty("backfill")
	BACKFILL

}
