package io.shoplake.producer.traffic;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Answer of the traffic endpoints.
 *
 * @param state running, stopped, or completed (a backfill that finished)
 * @param mode mode of the current or last run
 * @param seed its seed
 * @param sessionsPerHour its base rate (the last one set)
 * @param sessionsPerHourFrom the simulated hour that rate applies from: where the run
 * began, or, after {@code PUT /traffic/rate}, the next hour the simulator starts (the
 * hour after the one being published, or the one after that if the next hour's first
 * slice was already simulated ahead)
 * @param timeScale its time scale
 * @param simulatedFrom where its simulated time began
 * @param simulatedNow simulated time of the last published message
 * @param inFlight messages published and not yet acknowledged
 * @param pending messages generated and not yet published (late ones wait here)
 * @param messages event type → generated/published/acked/failed counts, since start-up
 * @param lagSeconds how far simulated time is behind the wall clock (not for backfills)
 */
public record TrafficStatus(State state, Mode mode, Long seed, Double sessionsPerHour, Instant sessionsPerHourFrom,
		Double timeScale, Instant simulatedFrom, Instant simulatedNow, int inFlight, int pending,
		Map<String, Map<String, Long>> messages, Long lagSeconds) {

	/** Lifecycle of traffic. */
	public enum State {

		@JsonProperty("running")
		RUNNING, @JsonProperty("stopped")
		STOPPED, @JsonProperty("completed")
		COMPLETED

	}

}
