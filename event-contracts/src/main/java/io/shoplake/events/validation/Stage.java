package io.shoplake.events.validation;

import java.util.Locale;

/**
 * Where a message was rejected, in pipeline order. The validator produces {@link #JSON},
 * {@link #SCHEMA} and {@link #SEMANTIC}; ingest adds {@link #ENVELOPE}, {@link #BASE64}
 * and {@link #SIZE} before the payload reaches the validator. The lower-case name is what
 * the quarantine and the data-quality mart record.
 */
public enum Stage {

	/** The push request body is not a Pub/Sub push envelope. */
	ENVELOPE,
	/** {@code message.data} is not valid base64. */
	BASE64,
	/** The payload is larger than ingest accepts. */
	SIZE,
	/** The payload is empty, not UTF-8 or not well-formed JSON. */
	JSON,
	/** The JSON does not have the shape of its event type's schema. */
	SCHEMA,
	/**
	 * The event is well-formed but breaks a rule of the contract (totals, positivity,
	 * time).
	 */
	SEMANTIC,
	/**
	 * A valid event whose {@code event_id} (or message id) ingest received before with
	 * other content: the first copy is kept, this one is quarantined with both hashes.
	 */
	CONFLICT;

	/** The name written to the quarantine, e.g. {@code semantic}. */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
