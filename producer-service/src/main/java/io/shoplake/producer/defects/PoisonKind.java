package io.shoplake.producer.defects;

import io.shoplake.events.validation.Stage;

/**
 * The deliberate bad records the producer mixes into the stream, each with the stage
 * where ingest must reject it. The names are what the ledger and the data-quality mart
 * count.
 */
public enum PoisonKind {

	/** Plain text. */
	NOT_JSON(Stage.JSON),
	/** The first half of a valid event. */
	TRUNCATED_JSON(Stage.JSON),
	/** Zero bytes. */
	EMPTY(Stage.JSON),
	/** A valid event with a malformed UTF-8 sequence inside a string. */
	INVALID_UTF8(Stage.JSON),
	/** A valid event without {@code event_id}. */
	MISSING_FIELD(Stage.SCHEMA),
	/** A valid event whose {@code session_id} is a number. */
	WRONG_TYPE(Stage.SCHEMA),
	/** A valid event whose {@code occurred_at} is not RFC 3339. */
	BAD_TIMESTAMP(Stage.SCHEMA),
	/** A valid event of a type the contract does not know. */
	UNKNOWN_EVENT_TYPE(Stage.SEMANTIC),
	/** A valid event dated in the year 2999. */
	FAR_FUTURE(Stage.SEMANTIC),
	/** An order whose total is one cent off. */
	BAD_TOTALS(Stage.SEMANTIC),
	/** A cart line with quantity -1. */
	NEGATIVE_QUANTITY(Stage.SEMANTIC),
	/** A valid event padded beyond 1 MiB, rejected by size before any parsing. */
	OVERSIZED(Stage.SIZE);

	private final Stage stage;

	PoisonKind(Stage stage) {
		this.stage = stage;
	}

	/** Where ingest rejects it. */
	public Stage stage() {
		return this.stage;
	}

	/** Lower-case name, as counted in the ledger. */
	public String wireName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * The kind of a wire name.
	 * @throws IllegalArgumentException if no kind has that name
	 */
	public static PoisonKind fromWireName(String wireName) {
		return valueOf(wireName.toUpperCase(java.util.Locale.ROOT));
	}

}
