package io.shoplake.producer.defects;

import java.time.Instant;
import java.util.Map;

import io.shoplake.events.Event;

/**
 * One message for the bus: a valid event (first publication or a deliberate duplicate) or
 * a poison pill derived from one.
 *
 * @param kind what it is
 * @param payload the bytes to publish, but for an oversized pill as drawn: the bytes of
 * its event, padded past the size limit by the publisher that sends it
 * ({@link #onTheWire()}, or its first {@link #paddedFrom()} bytes and then
 * {@link #padding()})
 * @param event the valid event it carries or was derived from
 * @param poison the poison kind, for {@link Kind#POISON}
 * @param publishAt simulated time at which to publish (later than the event for late
 * ones)
 * @param late published well after it occurred
 * @param attributes message attributes ({@code event_type}, {@code schema_version})
 */
public record OutgoingMessage(Kind kind, byte[] payload, Event event, PoisonKind poison, Instant publishAt,
		boolean late, Map<String, String> attributes) {

	/**
	 * This message as it goes on the bus: an oversized pill gets its padding (1.1 MB)
	 * here, from the publisher that sends it. Drawn with its slice, ahead of publishing,
	 * a pill was held through young collections, which copied it again each time (at
	 * 100,000 orders a day, a slice holds about a hundred of them); padded on the run
	 * loop, it was over a third of everything the producer allocated, for a publisher
	 * that may never copy those bytes (Pub/Sub's appends {@link #padding()} without
	 * copying it).
	 */
	public OutgoingMessage onTheWire() {
		if (!unpadded()) {
			return this;
		}
		return new OutgoingMessage(this.kind, DefectInjector.oversized(this.payload), this.event, this.poison,
				this.publishAt, this.late, this.attributes);
	}

	/**
	 * Whether this is an oversized pill as drawn: on the wire, its payload from
	 * {@link #paddedFrom()} on (the event's closing brace) is replaced by
	 * {@link #padding()}.
	 */
	public boolean unpadded() {
		return this.poison == PoisonKind.OVERSIZED && this.payload.length <= DefectInjector.OVERSIZED_BYTES;
	}

	/**
	 * For an {@link #unpadded()} pill: how many bytes of its payload go on the wire
	 * before {@link #padding()}.
	 */
	public int paddedFrom() {
		return DefectInjector.paddedFrom(this.payload);
	}

	/**
	 * A copy of what an oversized pill ends with on the wire from {@link #paddedFrom()}
	 * on: a padding field past the size limit and the closing brace.
	 */
	public static byte[] padding() {
		return DefectInjector.padding();
	}

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
