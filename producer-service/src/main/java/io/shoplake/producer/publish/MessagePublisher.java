package io.shoplake.producer.publish;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import io.shoplake.producer.defects.OutgoingMessage;

/**
 * Where the producer's messages go: Pub/Sub, ingest's push endpoint, or straight into a
 * lake folder. The future completes when the destination acknowledged the message, and
 * only then does the ledger count it; it completes exceptionally when the message is
 * given up on.
 */
public interface MessagePublisher {

	/**
	 * Publishes {@code message}. An oversized pill comes as drawn: the publisher sends it
	 * padded ({@link OutgoingMessage#onTheWire()}).
	 * @param publishTime the publish time the message carries where the destination takes
	 * it from the producer (the local push envelope, the file sink's lake lines); Pub/Sub
	 * stamps its own
	 */
	CompletableFuture<Void> publish(OutgoingMessage message, Instant publishTime);

	/**
	 * Pushes out anything buffered; called at the end of every simulated hour and on
	 * stop.
	 */
	default void flush() {
	}

	/**
	 * Messages this destination may hold unacknowledged, given the configured
	 * {@code shoplake.producer.max-in-flight}: a destination that acknowledges whole
	 * objects at once needs room for the objects it fills and writes at the same time.
	 */
	default int window(int configured) {
		return configured;
	}

	/**
	 * Whether this destination accepts poison pills (a file sink has no ingest to reject
	 * them).
	 */
	default boolean acceptsPoison() {
		return true;
	}

}
