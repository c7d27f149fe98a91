package io.shoplake.transform.engine;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One model's outcome in a run.
 *
 * @param model the model
 * @param status {@code success}, {@code failed} (its SQL failed), {@code test_failed}
 * (built, but an error-severity test failed: recorded as still missing), {@code skipped}
 * (an upstream model did not succeed in this run) or {@code up_to_date} (nothing missing)
 * @param materialized view, table or incremental
 * @param rows rows after the build; null when nothing was built
 * @param durationMs plan, build and test time
 * @param dates event dates built, for incremental models
 * @param sqlHash SHA-256 of the SQL it builds from (the watermark left out)
 * @param tests the model's test results
 * @param reason why it was built in full, when it was
 * @param bytesProcessed bytes the warehouse processed for the build, where it says
 * @param sql the SQL it ran
 * @param error why it failed or was skipped
 */
public record ModelResult(String model, String status, String materialized, Long rows, long durationMs,
		List<String> dates, String sqlHash, List<TestResult> tests, String reason, Long bytesProcessed,
		@JsonIgnore String sql, String error) {

	static ModelResult skipped(String model, String why) {
		return new ModelResult(model, "skipped", null, null, 0, List.of(), null, List.of(), null, null, null, why);
	}

	static ModelResult upToDate(String model, boolean failedTest, List<TestResult> tests, long durationMs) {
		return new ModelResult(model, failedTest ? "test_failed" : "up_to_date", null, null, durationMs, List.of(),
				null, tests, null, null, null, null);
	}

	public boolean succeeded() {
		return "success".equals(this.status) || "up_to_date".equals(this.status);
	}

}
