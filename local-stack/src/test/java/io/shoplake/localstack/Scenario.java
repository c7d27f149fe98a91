package io.shoplake.localstack;

import java.io.IOException;
import java.time.Duration;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The end-to-end steps a user takes, over the services' REST APIs. */
final class Scenario {

	private Scenario() {
	}

	/**
	 * Starts seeded accelerated traffic at midnight three simulated days in the past, at
	 * a rate the suite can afford (poison pills, duplicates and late events at their
	 * default rates): 15,000 to 20,000 events, depending on the hour of the day.
	 */
	static void startAcceleratedTraffic(String producer, long seed) throws IOException {
		Http.expect(202, "POST", producer + "/traffic/start",
				"{\"mode\":\"accelerated\",\"sessions_per_hour\":12,\"time_scale\":20000,\"history_days\":3,\"seed\":"
						+ seed + "}");
	}

	/**
	 * Waits (bounded) until simulated time has caught up with the wall clock, then stops
	 * traffic; the stop returns once every in-flight message is acknowledged. Catching up
	 * is CPU-bound (generation, push, validation and the lake share the machine): about
	 * 35 s on an idle 2-core machine; the wide bound leaves room for a loaded one.
	 */
	static JsonNode awaitCaughtUpThenStop(String producer) throws IOException {
		await("simulated time catches up").atMost(Duration.ofMinutes(10))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				JsonNode lag = Http.get(producer + "/traffic/status").get("lag_seconds");
				return lag != null && !lag.isNull() && lag.asLong() < 300;
			});
		// Caught up with the clock, the run holds messages not due yet: late events (up
		// to
		// 6 h late) among them, which what was published may refer to.
		assertThat(Http.get(producer + "/traffic/status").get("pending").asInt()).as("messages waiting at the stop")
			.isPositive();
		JsonNode stopped = Http.expect(200, "POST", producer + "/traffic/stop", null);
		assertThat(stopped.get("in_flight").asInt()).isZero();
		return stopped;
	}

	/** Starts a transform run and waits (bounded) for it to finish. */
	static JsonNode runTransform(String transform) throws IOException {
		String id = Http.expect(202, "POST", transform + "/runs", "{}").get("run_id").stringValue();
		await("transform run " + id).atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> !"running".equals(Http.get(transform + "/runs/" + id).get("status").stringValue()));
		return Http.get(transform + "/runs/" + id);
	}

	/** Per-day sums of a ledger figure over the producer's whole ledger. */
	static long ledgerTotal(String producer, String figure) throws IOException {
		long total = 0;
		for (JsonNode day : Http.get(producer + "/ledger")) {
			JsonNode value = day.get(figure);
			if (value.isObject()) {
				for (JsonNode count : value) {
					total += count.asLong();
				}
			}
			else {
				total += value.asLong();
			}
		}
		return total;
	}

}
