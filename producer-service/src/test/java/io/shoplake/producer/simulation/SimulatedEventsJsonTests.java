package io.shoplake.producer.simulation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import io.shoplake.events.EventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codec writes events by hand; over two simulated weeks (every event type, refunds
 * included, the shop's real names, cities, queries and amounts) its bytes are the Jackson
 * mapper's, byte for byte.
 */
class SimulatedEventsJsonTests {

	@Test
	void everyEventOfTwoSimulatedWeeksIsWrittenAsTheMapperWritesIt() {
		EventCodec codec = new EventCodec();
		ExecutorService shards = Executors.newFixedThreadPool(2);
		Map<String, Integer> types = new TreeMap<>();
		long bytes = 0;
		try {
			ShopperSimulator simulator = new ShopperSimulator(
					SimulationProperties.defaults(20261201L).withSessionsPerHour(250),
					Instant.parse("2026-11-27T00:00:00Z"));
			for (int hour = 0; hour < 14 * 24; hour++) {
				for (Event event : simulator.nextHour(shards)) {
					byte[] written = codec.toBytes(event);
					byte[] expected = codec.mapper().writeValueAsBytes(event);
					if (!Arrays.equals(written, expected)) {
						assertThat(new String(written, StandardCharsets.UTF_8)).as(event.eventType())
							.isEqualTo(new String(expected, StandardCharsets.UTF_8));
					}
					types.merge(event.eventType(), 1, Integer::sum);
					bytes += written.length;
				}
			}
		}
		finally {
			shards.shutdown();
		}
		assertThat(types.keySet()).as("every event type occurred")
			.containsExactlyInAnyOrder(
					Arrays.stream(EventType.values()).map(EventType::wireName).toArray(String[]::new));
		assertThat(types.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(100_000);
		assertThat(bytes).isPositive();
	}

}
