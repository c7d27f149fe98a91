package io.shoplake.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link Timestamps#parse} reads the common shape by hand; it must answer exactly as the
 * JDK's RFC 3339 formatter does, on well-formed times and on every near miss. And
 * {@link Timestamps#format} writes what the JDK's formatter would.
 */
class TimestampsTests {

	private static final String NOISE = "0123456789-:.TZtz+ x";

	@Test
	void theCommonShapeIsReadByHand() {
		assertThat(Timestamps.parseUtc("2026-11-25T17:03:12.345Z")).isEqualTo("2026-11-25T17:03:12.345Z");
		assertThat(Timestamps.parseUtc("2026-11-25T17:03:12Z")).isEqualTo("2026-11-25T17:03:12Z");
		assertThat(Timestamps.parseUtc("2024-02-29T23:59:59.123456789Z")).isEqualTo("2024-02-29T23:59:59.123456789Z");
		assertThat(Timestamps.parseUtc("2026-11-25T17:03:12.3Z")).isEqualTo("2026-11-25T17:03:12.300Z");
		// Left to the formatter.
		assertThat(Timestamps.parseUtc("2026-11-25T18:03:12.345+01:00")).isNull();
		assertThat(Timestamps.parseUtc("2025-02-29T10:00:00.000Z")).isNull();
		assertThat(Timestamps.parse("2025-02-28T10:00:00.000z")).isEqualTo("2025-02-28T10:00:00Z");
	}

	@Test
	void agreesWithTheJdkFormatterOnSeededRandomTimesAndNearMisses() {
		SplittableRandom random = new SplittableRandom(15);
		int byHand = 0;
		int rejected = 0;
		for (int i = 0; i < 200_000; i++) {
			String text = candidate(random);
			Instant expected;
			try {
				expected = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
			}
			catch (DateTimeParseException ex) {
				rejected++;
				assertThatExceptionOfType(DateTimeParseException.class).as(text)
					.isThrownBy(() -> Timestamps.parse(text));
				assertThat(Timestamps.parseUtc(text)).as(text).isNull();
				continue;
			}
			assertThat(Timestamps.parse(text)).as(text).isEqualTo(expected);
			if (Timestamps.parseUtc(text) != null) {
				byHand++;
			}
		}
		// Both sides of the comparison are exercised.
		assertThat(byHand).isGreaterThan(50_000);
		assertThat(rejected).isGreaterThan(50_000);
	}

	@Test
	void epochDayIsTheFloorOfTheDaysOnBothSidesOf1970() {
		SplittableRandom random = new SplittableRandom(15);
		for (int i = 0; i < 100_000; i++) {
			long seconds = (i % 2 == 0) ? random.nextLong(-400L * 366 * 86_400, 400L * 366 * 86_400)
					: random.nextLong(-3 * 86_400, 3 * 86_400);
			assertThat(Timestamps.epochDay(seconds)).as("%d s", seconds).isEqualTo(Math.floorDiv(seconds, 86_400L));
		}
		assertThat(Timestamps.epochDay(-1)).isEqualTo(-1);
		assertThat(Timestamps.epochDay(0)).isZero();
		assertThat(Timestamps.epochDay(86_399)).isZero();
		assertThat(Timestamps.epochDay(86_400)).isEqualTo(1);
	}

	@Test
	void formatsAsTheJdkFormatterDoesOnSeededRandomInstants() {
		DateTimeFormatter jdk = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
		SplittableRandom random = new SplittableRandom(15);
		long year0 = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
		long year10000 = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;
		for (int i = 0; i < 200_000; i++) {
			// Mostly the producer's decades, also any second of years 0-9999, and years
			// around and past those the hand-written path takes.
			long seconds = switch (i % 4) {
				case 0, 1 -> random.nextLong(0, 4_102_444_800L);
				case 2 -> random.nextLong(year0, year10000);
				default -> random.nextLong(year0 - 400L * 366 * 86_400, year10000 + 400L * 366 * 86_400);
			};
			Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
			assertThat(Timestamps.format(instant)).as("%d s", seconds)
				.isEqualTo(jdk.format(instant.truncatedTo(ChronoUnit.MILLIS)));
		}
		for (String edge : new String[] { "0000-01-01T00:00:00Z", "0000-02-29T12:00:00Z", "1969-12-31T23:59:59.999Z",
				"1970-01-01T00:00:00Z", "2000-02-29T23:59:59.999999Z", "2100-03-01T00:00:00Z",
				"9999-12-31T23:59:59.999Z" }) {
			Instant instant = Instant.parse(edge);
			assertThat(Timestamps.format(instant)).isEqualTo(jdk.format(instant.truncatedTo(ChronoUnit.MILLIS)));
		}
	}

	/**
	 * Times in order, as the producer and the ingest write them (each day's text is kept
	 * from one call to the next), from threads writing different decades at once (the
	 * kept day is shared): each as the JDK's formatter writes it.
	 */
	@Test
	void formatsTimesInOrderAsTheJdkFormatterDoesFromThreadsOnDifferentDays() throws Exception {
		DateTimeFormatter jdk = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
		long[] starts = { Instant.parse("2026-11-27T22:00:00Z").toEpochMilli(),
				Instant.parse("1999-12-31T20:00:00Z").toEpochMilli(),
				Instant.parse("9999-12-31T21:00:00Z").toEpochMilli(),
				Instant.parse("1969-12-31T23:00:00Z").toEpochMilli() };
		List<Callable<Integer>> writers = new ArrayList<>();
		for (int t = 0; t < starts.length; t++) {
			long start = starts[t];
			SplittableRandom random = new SplittableRandom(15 + t);
			writers.add(() -> {
				byte[] text = new byte[Timestamps.MAX_LENGTH];
				long millis = start;
				int checked = 0;
				// Steps of up to 2 s over about six hours: across midnight, and past
				// year 9999 for the third writer.
				for (int i = 0; i < 20_000; i++) {
					millis += random.nextLong(2_000);
					Instant instant = Instant.ofEpochMilli(millis).plusNanos(random.nextInt(1_000_000));
					String written = new String(text, 0, Timestamps.write(instant, text, 0), StandardCharsets.US_ASCII);
					assertThat(written).as("%d ms", millis)
						.isEqualTo(jdk.format(instant.truncatedTo(ChronoUnit.MILLIS)));
					checked++;
				}
				return checked;
			});
		}
		ExecutorService pool = Executors.newFixedThreadPool(starts.length);
		try {
			for (Future<Integer> checked : pool.invokeAll(writers)) {
				assertThat(checked.get()).isEqualTo(20_000);
			}
		}
		finally {
			pool.shutdown();
		}
	}

	/**
	 * A time in the common shape with fields drawn over and past their ranges, or
	 * mangled.
	 */
	private static String candidate(SplittableRandom random) {
		StringBuilder text = new StringBuilder();
		text.append(pad(random.nextInt(10) == 0 ? random.nextInt(10_000) : 1_970 + random.nextInt(100), 4));
		text.append('-').append(pad(random.nextInt(14), 2));
		text.append('-').append(pad(random.nextInt(10) == 0 ? random.nextInt(100) : random.nextInt(32), 2));
		text.append('T').append(pad(random.nextInt(26), 2));
		text.append(':').append(pad(random.nextInt(62), 2));
		text.append(':').append(pad(random.nextInt(62), 2));
		int fraction = random.nextInt(12) - 1;
		if (fraction >= 0) {
			text.append('.');
			for (int i = 0; i < fraction; i++) {
				text.append((char) ('0' + random.nextInt(10)));
			}
		}
		text.append(random.nextInt(8) == 0 ? "+01:30" : "Z");
		int mutations = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
		for (int i = 0; i < mutations; i++) {
			int at = random.nextInt(text.length());
			switch (random.nextInt(3)) {
				case 0 -> text.setCharAt(at, NOISE.charAt(random.nextInt(NOISE.length())));
				case 1 -> text.deleteCharAt(at);
				default -> text.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
			}
		}
		return text.toString();
	}

	private static String pad(int value, int width) {
		StringBuilder text = new StringBuilder(Integer.toString(value));
		while (text.length() < width) {
			text.insert(0, '0');
		}
		return text.toString();
	}

}
