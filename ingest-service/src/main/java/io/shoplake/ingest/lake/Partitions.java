package io.shoplake.ingest.lake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Where an object goes: {@code <prefix>/year=YYYY/month=MM/day=DD/} by the UTC date of
 * the message's publish time, which is the same on every redelivery, so a message always
 * lands in the same partition. Kept apart from writing (the writer knows nothing of
 * dates).
 */
public final class Partitions {

	private Partitions() {
	}

	public static LocalDate dayOf(Instant publishTime) {
		return publishTime.atZone(ZoneOffset.UTC).toLocalDate();
	}

	public static String folder(String prefix, LocalDate day) {
		return String.format("%s/year=%04d/month=%02d/day=%02d", prefix, day.getYear(), day.getMonthValue(),
				day.getDayOfMonth());
	}

	/**
	 * The name of a written object: {@code <folder>/part-<instance>-<seq>.ndjson.gz},
	 * unique per writer instance and sequence number.
	 */
	public static String objectName(String prefix, LocalDate day, String instance, long sequence) {
		return folder(prefix, day) + "/part-" + instance + "-" + String.format("%08d", sequence) + ".ndjson.gz";
	}

}
