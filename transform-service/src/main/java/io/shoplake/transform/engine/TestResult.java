package io.shoplake.transform.engine;

import java.util.List;
import java.util.Map;

/**
 * One data test's outcome.
 *
 * @param test e.g. {@code unique(order_id)}
 * @param status {@code pass}, {@code fail} (severity error) or {@code warn}
 * @param failures rows that failed
 * @param sample up to 5 failing rows
 * @param durationMs how long the test's queries took
 */
public record TestResult(String test, String status, long failures, List<Map<String, Object>> sample, long durationMs) {
}
