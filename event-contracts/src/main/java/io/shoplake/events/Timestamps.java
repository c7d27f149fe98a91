package io.shoplake.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
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

	private static final long SECONDS_PER_DAY = 86_400;

	/** "00" to "99", each value's two digits at twice the value. */
	private static final byte[] DIGIT_PAIRS = new byte[200];

	static {
		for (int i = 0; i < 100; i++) {
			DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
			DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
		}
	}

	/** The day of the last {@link #write} (shared by all threads; see there). */
	private static Day lastDay = new Day(0);

	private Timestamps() {
	}

	/** Longest text {@link #write} writes (years beyond 9999 take more than 24). */
	public static final int MAX_LENGTH = 32;

	/** Formats {@code instant}, truncated to milliseconds. */
	public static String format(Instant instant) {
		byte[] text = new byte[MAX_LENGTH];
		return new String(text, 0, write(instant, text, 0), StandardCharsets.US_ASCII);
	}

	/**
	 * Writes {@code instant} as ASCII at {@code at} (room for {@link #MAX_LENGTH} bytes)
	 * and returns where the text ends.
	 */
	public static int write(Instant instant, byte[] text, int at) {
		long seconds = instant.getEpochSecond();
		long days = epochDay(seconds);
		// The producer's and the ingest's timestamps come day after day, so the date's
		// text is kept from the last call (from any thread: a Day is immutable, and one
		// from another thread's day is only computed again). Computing the date and a
		// division per digit on every call made a timestamp 5 % of generating and
		// serializing an event; kept, with the other digits from a table, a timestamp
		// takes 14-19 ns instead of 54-66 (4 million times in order, one thread).
		Day day = lastDay;
		if (day.epochDay != days) {
			day = new Day(days);
			lastDay = day;
		}
		if (day.text == null) {
			byte[] formatted = FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS))
				.getBytes(StandardCharsets.US_ASCII);
			System.arraycopy(formatted, 0, text, at, formatted.length);
			return at + formatted.length;
		}
		System.arraycopy(day.text, 0, text, at, Day.LENGTH);
		int secondOfDay = (int) (seconds - days * SECONDS_PER_DAY);
		int secondOfHour = secondOfDay % 3_600;
		pair(text, at + 11, secondOfDay / 3_600);
		text[at + 13] = ':';
		pair(text, at + 14, secondOfHour / 60);
		text[at + 16] = ':';
		pair(text, at + 17, secondOfHour % 60);
		text[at + 19] = '.';
		int millis = instant.getNano() / 1_000_000;
		text[at + 20] = (byte) ('0' + millis / 100);
		pair(text, at + 21, millis % 100);
		text[at + 23] = 'Z';
		return at + 24;
	}

	/** The two digits of {@code value} (0-99), from a table: no division. */
	private static void pair(byte[] text, int at, int value) {
		text[at] = DIGIT_PAIRS[2 * value];
		text[at + 1] = DIGIT_PAIRS[2 * value + 1];
	}

	/**
	 * The UTC epoch day of an epoch second (days since 1970-01-01, negative before). A
	 * division by a constant, which the JIT turns into a multiplication, where
	 * {@link Math#floorDiv} (when not inlined) divides: a 64-bit division is tens of
	 * cycles, and a backfill's profile showed floorDiv at 7.6 % of the file sink's
	 * thread. Negative seconds take floorDiv's rounding.
	 */
	public static long epochDay(long epochSecond) {
		return (epochSecond >= 0) ? epochSecond / SECONDS_PER_DAY : Math.floorDiv(epochSecond, SECONDS_PER_DAY);
	}

	/**
	 * An epoch day's text up to the time, {@code 2026-11-25T}; null for a year the
	 * contract's shape cannot hold (before 0 or after 9999), which the formatter writes.
	 * Built once per day, so from the JDK's {@link LocalDate}.
	 */
	private static final class Day {

		static final int LENGTH = 11;

		private static final long FIRST = LocalDate.of(0, 1, 1).toEpochDay();

		private static final long LAST = LocalDate.of(9_999, 12, 31).toEpochDay();

		final long epochDay;

		final byte[] text;

		Day(long epochDay) {
			this.epochDay = epochDay;
			this.text = (epochDay >= FIRST && epochDay <= LAST)
					? (LocalDate.ofEpochDay(epochDay) + "T").getBytes(StandardCharsets.US_ASCII) : null;
		}

	}

	/**
	 * Parses any RFC 3339 timestamp with an offset (Pub/Sub's publish times carry
	 * nanoseconds); the event schema is what insists on the strict shape.
	 */
	public static Instant parse(String text) {
		Instant instant = parseUtc(text);
		return (instant != null) ? instant : DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
	}

	/**
	 * By hand, the shape every event and publish time has in practice:
	 * {@code uuuu-MM-ddTHH:mm:ss}, an optional fraction of 1 to 9 digits, {@code Z},
	 * every field in range. Anything else (other offsets, lower case, no seconds, a day
	 * the month has not, a leap second) is left to the formatter, which answers it or
	 * explains why not. Through the formatter, which resolves a whole temporal map per
	 * call, parsing was 11.8 % of the batch endpoint's samples (profiled under load).
	 */
	static Instant parseUtc(String text) {
		int length = text.length();
		if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
				|| text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
			return null;
		}
		int year = number(text, 0, 4);
		int month = number(text, 5, 2);
		int day = number(text, 8, 2);
		int hour = number(text, 11, 2);
		int minute = number(text, 14, 2);
		int second = number(text, 17, 2);
		if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
				|| second < 0 || second > 59 || day > Month.of(month).length(Year.isLeap(year))) {
			return null;
		}
		int nanos = 0;
		if (length > 20) {
			int digits = length - 21;
			if (text.charAt(19) != '.' || digits < 1) {
				return null;
			}
			nanos = number(text, 20, digits);
			if (nanos < 0) {
				return null;
			}
			for (int i = digits; i < 9; i++) {
				nanos *= 10;
			}
		}
		long days = LocalDate.of(year, month, day).toEpochDay();
		return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
	}

	/** The decimal number of {@code width} ASCII digits at {@code at}, or -1. */
	private static int number(String text, int at, int width) {
		int value = 0;
		for (int i = at; i < at + width; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
