package io.shoplake.producer.defects;

import java.time.Instant;
import java.util.Map;

import io.shoplake.events.Event;

/**
 * One message for the bus: a valid event (first publication or a deliberate duplicate) or
 * a poison pill derived from one.
 *
 * @param kind what it is
 * @param payload the bytes to publish
 * @param event the valid event it carries or was derived from
 * @param poison the poison kind, for {@link Kind#POISON}
 * @param publishAt simulated time at which to publish (later than the event for late
 * ones)
 * @param late published well after it occurred
 * @param attributes message attributes ({@code event_type}, {@code schema_version})
 */
public record OutgoingMessage(Kind kind, byte[] payload, Event event, PoisonKind poison, Instant publishAt,
		boolean late, Map<String, String> attributes) {

	/** What a message is, for the ledger. */
	public enum Kind {

		/** The first publication of a valid event. */
		VALID,
		/** The same valid event published again. */
		DUPLICATE,
		/** A deliberately invalid message. */
		POISON

	}

}
