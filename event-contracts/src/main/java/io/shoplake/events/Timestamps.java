package io.shoplake.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
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
		LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
		int year = time.getYear();
		if (year < 0 || year > 9999) {
			return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
		}
		// By hand: DateTimeFormatter builds zone rules and a BigDecimal per call, and
		// this runs
		// for every event the producer writes.
		byte[] text = new byte[24];
		digits(text, 0, year, 4);
		text[4] = '-';
		digits(text, 5, time.getMonthValue(), 2);
		text[7] = '-';
		digits(text, 8, time.getDayOfMonth(), 2);
		text[10] = 'T';
		digits(text, 11, time.getHour(), 2);
		text[13] = ':';
		digits(text, 14, time.getMinute(), 2);
		text[16] = ':';
		digits(text, 17, time.getSecond(), 2);
		text[19] = '.';
		digits(text, 20, instant.getNano() / 1_000_000, 3);
		text[23] = 'Z';
		return new String(text, StandardCharsets.US_ASCII);
	}

	private static void digits(byte[] text, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			text[i] = (byte) ('0' + value % 10);
			value /= 10;
		}
	}

	/**
	 * Parses any RFC 3339 timestamp with an offset (Pub/Sub's publish times carry
	 * nanoseconds); the event schema is what insists on the strict shape.
	 */
	public static Instant parse(String text) {
		return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
	}

}
