package io.shoplake.transform.render;

/** The SQL dialects a model renders to; each has its own macro file. */
public enum Dialect {

	DUCKDB, BIGQUERY;

	/** Name of its macro file, {@code macros/<name>.sql}. */
	public String macroFile() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
