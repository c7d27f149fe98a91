package io.shoplake.transform.project;

import java.util.Map;

/**
 * One data test declared in a model's yml: {@code unique}, {@code not_null},
 * {@code accepted_values}, {@code relationships}, {@code expression_is_true},
 * {@code row_count} or {@code freshness} (the newest value of a timestamp column is at
 * most {@code max_age_hours} old).
 *
 * @param kind the test
 * @param column the column it is declared on, or null for a model-level test
 * @param args its arguments ({@code values}, {@code to}, {@code field},
 * {@code expression}, {@code min}, {@code max}, {@code max_age_hours})
 * @param severity {@code error} fails the run, {@code warn} only reports
 */
public record DataTest(String kind, String column, Map<String, Object> args, String severity) {

	public String name() {
		return this.kind + ((this.column != null) ? "(" + this.column + ")" : "");
	}

	public boolean isError() {
		return !"warn".equals(this.severity);
	}

}
