package io.shoplake.producer.traffic;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts per event type what was generated, published, acknowledged and failed, both for
 * {@code GET /traffic/status} and as Micrometer counters
 * ({@code shoplake.producer.messages{outcome,kind,event_type}}).
 */
final class TrafficStats {

	private final MeterRegistry registry;

	private final Map<String, LongAdder[]> byType = new ConcurrentHashMap<>();

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private Timer latency;

	TrafficStats(MeterRegistry registry) {
		this.registry = registry;
	}

	enum Outcome {

		GENERATED, PUBLISHED, ACKED, FAILED

	}

	/** Time from publishing a message to its acknowledgement. */
	void acknowledgedAfter(long nanos) {
		if (this.latency == null) {
			this.latency = Timer.builder("shoplake.producer.publish.latency")
				.description("Time from publishing a message to the destination's acknowledgement")
				.publishPercentileHistogram()
				.register(this.registry);
		}
		this.latency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
	}

	void count(Outcome outcome, String kind, String eventType) {
		this.byType.computeIfAbsent(eventType, (k) -> newAdders())[outcome.ordinal()].increment();
		// Looked up once per tag combination: building a meter id per message costs more
		// than the rest.
		this.counters
			.computeIfAbsent(outcome.ordinal() + "/" + kind + "/" + eventType,
					(key) -> Counter.builder("shoplake.producer.messages")
						.description("Producer messages by outcome, message kind and event type")
						.tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
						.tag("kind", kind)
						.tag("event_type", eventType)
						.register(this.registry))
			.increment();
	}

	private static LongAdder[] newAdders() {
		LongAdder[] adders = new LongAdder[Outcome.values().length];
		for (int i = 0; i < adders.length; i++) {
			adders[i] = new LongAdder();
		}
		return adders;
	}

	/** Event type → outcome → count. */
	Map<String, Map<String, Long>> snapshot() {
		Map<String, Map<String, Long>> snapshot = new TreeMap<>();
		this.byType.forEach((type, adders) -> {
			Map<String, Long> counts = new TreeMap<>();
			for (Outcome outcome : Outcome.values()) {
				counts.put(outcome.name().toLowerCase(java.util.Locale.ROOT), adders[outcome.ordinal()].sum());
			}
			snapshot.put(type, counts);
		});
		return snapshot;
	}

	long total(Outcome outcome) {
		return this.byType.values().stream().mapToLong((adders) -> adders[outcome.ordinal()].sum()).sum();
	}

}
