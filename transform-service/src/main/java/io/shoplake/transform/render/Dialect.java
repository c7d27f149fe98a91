package io.shoplake.transform.render;

import java.util.stream.Collectors;

import io.shoplake.events.LakeSchema;

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

	/**
	 * {@code dates} as a list of DATE literals, in order (the same in both dialects), for
	 * {@code IN (…)}.
	 */
	public static String dateList(java.util.Collection<java.time.LocalDate> dates) {
		return dates.stream().sorted().map((date) -> "DATE '" + date + "'").collect(Collectors.joining(", "));
	}

	/** The column type a lake field is stored as. */
	public String typeOf(LakeSchema.FieldType type) {
		boolean duckdb = this == DUCKDB;
		if (type instanceof LakeSchema.Struct struct) {
			return struct.fields()
				.stream()
				.map((field) -> quote(field.name()) + " " + typeOf(field.type()))
				.collect(Collectors.joining(", ", duckdb ? "STRUCT(" : "STRUCT<", duckdb ? ")" : ">"));
		}
		if (type instanceof LakeSchema.Array array) {
			return duckdb ? typeOf(array.element()) + "[]" : "ARRAY<" + typeOf(array.element()) + ">";
		}
		return switch ((LakeSchema.Scalar) type) {
			case STRING -> duckdb ? "VARCHAR" : "STRING";
			case INT64 -> duckdb ? "BIGINT" : "INT64";
			case TIMESTAMP -> "TIMESTAMP";
		};
	}

	/** {@code name} as a quoted identifier. */
	public String quote(String name) {
		return (this == DUCKDB) ? "\"" + name.replace("\"", "\"\"") + "\"" : "`" + name.replace("`", "\\`") + "`";
	}

	/** Name of its macro file, {@code macros/<name>.sql}. */
	public String macroFile() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
