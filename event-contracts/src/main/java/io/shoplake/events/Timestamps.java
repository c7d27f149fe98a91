package io.shoplake.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The contract's one timestamp shape: RFC 3339, UTC, always exactly three fraction digits
 * ({@code 2026-11-25T17:03:12.340Z}). {@link Instant#toString()} drops zero fractions and
 * keeps nanoseconds, so it is not used on the wire.
 */
public final class Timestamps {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private Timestamps() {
	}

	/** Formats {@code instant}, truncated to milliseconds. */
	public static String format(Instant instant) {
		return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
	}

	/**
	 * Parses any RFC 3339 timestamp with an offset (Pub/Sub's publish times carry
	 * nanoseconds); the event schema is what insists on the strict shape.
	 */
	public static Instant parse(String text) {
		return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
	}

}
