package io.shoplake.producer.traffic;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shoplake.producer.defects.OutgoingMessage;

/**
 * Counts per event type what was generated, published, acknowledged and failed, both for
 * {@code GET /traffic/status} and as Micrometer counters
 * ({@code shoplake.producer.messages{outcome,kind,event_type}}).
 */
final class TrafficStats {

	private static final OutgoingMessage.Kind[] KINDS = OutgoingMessage.Kind.values();

	private final MeterRegistry registry;

	private final Map<String, TypeCounts> byType = new ConcurrentHashMap<>();

	private final Timer latency;

	TrafficStats(MeterRegistry registry) {
		this.registry = registry;
		this.latency = Timer.builder("shoplake.producer.publish.latency")
			.description("Time from publishing a message to the destination's acknowledgement")
			.publishPercentileHistogram()
			.register(registry);
	}

	enum Outcome {

		GENERATED, PUBLISHED, ACKED, FAILED

	}

	/** Time from publishing a message to its acknowledgement. */
	void acknowledgedAfter(long nanos) {
		this.latency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
	}

	void count(Outcome outcome, OutgoingMessage.Kind kind, String eventType) {
		this.byType.computeIfAbsent(eventType, TypeCounts::new).count(outcome, kind, 1);
	}

	/** Counts every message of {@code tally} with {@code outcome}. */
	void count(Outcome outcome, Tally tally) {
		tally.counts.forEach((eventType, byKind) -> {
			TypeCounts typeCounts = this.byType.computeIfAbsent(eventType, TypeCounts::new);
			for (OutgoingMessage.Kind kind : KINDS) {
				if (byKind[kind.ordinal()] > 0) {
					typeCounts.count(outcome, kind, byKind[kind.ordinal()]);
				}
			}
		});
	}

	/**
	 * Messages by event type and kind, counted apart (a part of a slice, on a shard
	 * thread) and then at once with {@link #count(Outcome, Tally)}. Not thread-safe.
	 */
	static final class Tally {

		private final Map<String, long[]> counts = new HashMap<>();

		void count(String eventType, OutgoingMessage.Kind kind) {
			this.counts.computeIfAbsent(eventType, (type) -> new long[KINDS.length])[kind.ordinal()]++;
		}

		void add(Tally other) {
			other.counts.forEach((eventType, byKind) -> {
				long[] mine = this.counts.computeIfAbsent(eventType, (type) -> new long[KINDS.length]);
				for (int i = 0; i < mine.length; i++) {
					mine[i] += byKind[i];
				}
			});
		}

	}

	/**
	 * The counts of one event type. Meters are looked up once per tag combination and
	 * kept: building a meter id per message cost more than the rest of the hot loop.
	 */
	private final class TypeCounts {

		private final String eventType;

		private final LongAdder[] totals = new LongAdder[Outcome.values().length];

		private final Counter[][] counters = new Counter[Outcome.values().length][OutgoingMessage.Kind.values().length];

		TypeCounts(String eventType) {
			this.eventType = eventType;
			for (int i = 0; i < this.totals.length; i++) {
				this.totals[i] = new LongAdder();
			}
		}

		void count(Outcome outcome, OutgoingMessage.Kind kind, long messages) {
			this.totals[outcome.ordinal()].add(messages);
			Counter counter = this.counters[outcome.ordinal()][kind.ordinal()];
			if (counter == null) {
				// Registering twice returns the same meter, so a race here is harmless.
				counter = Counter.builder("shoplake.producer.messages")
					.description("Producer messages by outcome, message kind and event type")
					.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
					.tag("kind", kind.name().toLowerCase(Locale.ROOT))
					.tag("event_type", this.eventType)
					.register(TrafficStats.this.registry);
				this.counters[outcome.ordinal()][kind.ordinal()] = counter;
			}
			counter.increment(messages);
		}

	}

	/** Event type → outcome → count. */
	Map<String, Map<String, Long>> snapshot() {
		Map<String, Map<String, Long>> snapshot = new TreeMap<>();
		this.byType.forEach((type, typeCounts) -> {
			LongAdder[] adders = typeCounts.totals;
			Map<String, Long> counts = new TreeMap<>();
			for (Outcome outcome : Outcome.values()) {
				counts.put(outcome.name().toLowerCase(Locale.ROOT), adders[outcome.ordinal()].sum());
			}
			snapshot.put(type, counts);
		});
		return snapshot;
	}

}
