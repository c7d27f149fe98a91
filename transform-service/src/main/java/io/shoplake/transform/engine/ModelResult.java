package io.shoplake.transform.engine;

import java.util.List;

/**
 * One model's outcome in a run.
 *
 * @param model the model
 * @param status {@code success}, {@code failed} (its SQL failed), {@code test_failed}
 * (built, but an error-severity test failed), {@code skipped} (an upstream model did not
 * succeed) or {@code up_to_date} (incremental, nothing new)
 * @param materialized view, table or incremental
 * @param rows rows after the build
 * @param durationMs build and test time
 * @param dates event dates replaced, for incremental builds
 * @param sqlHash SHA-256 of the rendered SQL
 * @param tests the model's test results
 * @param error why it failed or was skipped
 */
public record ModelResult(String model, String status, String materialized, long rows, long durationMs,
		List<String> dates, String sqlHash, List<TestResult> tests, String error) {

	public boolean succeeded() {
		return "success".equals(this.status) || "up_to_date".equals(this.status);
	}

}
