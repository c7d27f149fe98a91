package io.shoplake.transform.engine;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.shoplake.transform.project.DataTest;

/**
 * Each data test as a query returning the rows that fail it; a test passes when there are
 * none.
 */
public final class DataTests {

	/**
	 * A TIMESTAMP literal both dialects read: seconds always written (BigQuery rejects
	 * {@code 2026-11-24 00:00}, which {@code LocalDateTime.toString()} gives at :00).
	 */
	private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private DataTests() {
	}

	public static String failingRows(DataTest test, String relation, Function<String, String> relationOf,
			LocalDateTime now) {
		String column = test.column();
		Map<String, Object> args = test.args();
		return switch (test.kind()) {
			case "unique" -> "SELECT " + column + " AS value, count(*) AS occurrences FROM " + relation + " WHERE "
					+ column + " IS NOT NULL GROUP BY " + column + " HAVING count(*) > 1";
			case "not_null" -> "SELECT * FROM " + relation + " WHERE " + column + " IS NULL";
			case "accepted_values" -> "SELECT * FROM " + relation + " WHERE " + column + " NOT IN ("
					+ ((List<?>) args.get("values")).stream()
						.map((value) -> "'" + String.valueOf(value).replace("'", "''") + "'")
						.collect(Collectors.joining(", "))
					+ ")";
			case "relationships" ->
				"SELECT c.* FROM " + relation + " c WHERE c." + column + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
						+ relationOf.apply(target(args)) + " p WHERE p." + args.get("field") + " = c." + column + ")";
			case "expression_is_true" -> "SELECT * FROM " + relation + " WHERE NOT (" + args.get("expression") + ")";
			case "row_count" -> "SELECT n FROM (SELECT count(*) AS n FROM " + relation + ") counted WHERE n < "
					+ args.getOrDefault("min", 0) + ((args.get("max") != null) ? " OR n > " + args.get("max") : "");
			case "freshness" -> "SELECT newest FROM (SELECT max(" + column + ") AS newest FROM " + relation
					+ ") latest WHERE newest IS NULL OR newest < TIMESTAMP '"
					+ SECONDS.format(now.minusHours(((Number) args.getOrDefault("max_age_hours", 24)).longValue()))
					+ "'";
			default -> throw new IllegalArgumentException("unknown test " + test.kind());
		};
	}

	/**
	 * Whether {@code test} judges rows one by one (or, for {@code unique}, within the
	 * rows given), so it can be run on some partitions; row-count bounds and freshness
	 * are about the whole table.
	 */
	public static boolean isRowLevel(DataTest test) {
		return !"row_count".equals(test.kind()) && !"freshness".equals(test.kind());
	}

	/**
	 * Whether {@code test}'s verdict can change with time alone, the data unchanged
	 * (freshness): it runs even when its model had nothing to build.
	 */
	public static boolean dependsOnTime(DataTest test) {
		return "freshness".equals(test.kind());
	}

	/** {@code to: ref('m')} or {@code to: m}. */
	static String target(Map<String, Object> args) {
		String to = String.valueOf(args.get("to")).trim();
		if (to.startsWith("ref(")) {
			to = to.substring(4, to.length() - 1).replace("'", "").replace("\"", "").trim();
		}
		return to;
	}

}
