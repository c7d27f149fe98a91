package io.shoplake.transform.render;

/** The SQL dialects a model renders to; each has its own macro file. */
public enum Dialect {

	DUCKDB, BIGQUERY;

	/** {@code expression} as text ({@code VARCHAR} / {@code STRING}). */
	public String asText(String expression) {
		return "CAST(" + expression + " AS " + ((this == DUCKDB) ? "VARCHAR" : "STRING") + ")";
	}

	/**
	 * A JSON text parameter or expression as stored in a run-record column: a JSON value
	 * in DuckDB, the text itself in BigQuery (a STRING column).
	 */
	public String jsonColumn(String expression) {
		return (this == DUCKDB) ? "CAST(" + expression + " AS JSON)" : expression;
	}

	/** Name of its macro file, {@code macros/<name>.sql}. */
	public String macroFile() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
