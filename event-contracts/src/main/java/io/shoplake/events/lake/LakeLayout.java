package io.shoplake.events.lake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.shoplake.events.Timestamps;

/**
 * Where objects live in the lake and the quarantine, and how their names read: every
 * object is {@code <top>/year=YYYY/month=MM/day=DD/<file>.ndjson.gz}, partitioned by the
 * UTC date of the message's publish time (the same on every redelivery). Objects are
 * created whole and never rewritten; a name that starts with a dot is a write in progress
 * and never an object. The one definition of the layout: ingest writes it, the producer's
 * file sink writes it, transform lists and loads it, the Terraform checks hold the
 * external tables to it.
 */
public final class LakeLayout {

	/** Top folder of the lake's event objects. */
	public static final String EVENTS = "events";

	/** Top folder of the quarantine's records. */
	public static final String FAILED = "failed";

	/** Top folder of the markers of what a quarantine replay moved to the lake. */
	public static final String REPLAYED = "replayed";

	/** Every object's file name ends with this. */
	public static final String SUFFIX = ".ndjson.gz";

	/** The hive partition keys, outermost first; each is an integer. */
	public static final List<String> PARTITION_KEYS = List.of("year", "month", "day");

	private static final Pattern PARTITION = Pattern.compile("(?:^|/)year=(\\d{4})/month=(\\d{2})/day=(\\d{2})/");

	private LakeLayout() {
	}

	/**
	 * The UTC date of an instant: the partition of a message published at it. Computed
	 * from the epoch day (this runs for every message; {@code atZone} builds zone rules
	 * each time).
	 */
	public static LocalDate dayOf(Instant instant) {
		return LocalDate.ofEpochDay(Timestamps.epochDay(instant.getEpochSecond()));
	}

	/** {@code <top>/year=YYYY/month=MM/day=DD}, without a trailing slash. */
	public static String folder(String top, LocalDate day) {
		return String.format("%s/year=%04d/month=%02d/day=%02d", top, day.getYear(), day.getMonthValue(),
				day.getDayOfMonth());
	}

	/**
	 * The name of an object a writer creates:
	 * {@code <folder>/part-<writer>-<seq>.ndjson.gz}, unique per writer (a process, or a
	 * file sink) and its sequence number.
	 */
	public static String objectName(String top, LocalDate day, String writer, long sequence) {
		return folder(top, day) + "/part-" + writer + "-" + String.format("%08d", sequence) + SUFFIX;
	}

	/**
	 * The lake object that replay round {@code round} of quarantine object {@code part}
	 * (its file name without the suffix) writes for partition {@code day}.
	 */
	public static String replayObjectName(LocalDate day, String part, int round) {
		return folder(EVENTS, day) + "/replay-" + part + "-" + String.format("%04d", round) + SUFFIX;
	}

	/**
	 * The partition day of an object name (relative to its store, or a full URI), if it
	 * is in the layout.
	 */
	public static Optional<LocalDate> partitionOf(String name) {
		Matcher day = PARTITION.matcher(name);
		if (!day.find()) {
			return Optional.empty();
		}
		try {
			return Optional.of(LocalDate.of(Integer.parseInt(day.group(1)), Integer.parseInt(day.group(2)),
					Integer.parseInt(day.group(3))));
		}
		catch (java.time.DateTimeException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Whether {@code name} (relative to its store) is a finished object under
	 * {@code top}: in a partition folder, with the suffix, not hidden.
	 */
	public static boolean isObject(String top, String name) {
		String file = name.substring(name.lastIndexOf('/') + 1);
		return name.startsWith(top + "/") && file.endsWith(SUFFIX) && !file.startsWith(".")
				&& partitionOf(name).isPresent();
	}

}
