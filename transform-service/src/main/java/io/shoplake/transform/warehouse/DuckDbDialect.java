package io.shoplake.transform.warehouse;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.shoplake.events.LakeSchema;
import io.shoplake.events.TimeWindow;
import io.shoplake.events.lake.QuarantineRecord;
import io.shoplake.transform.render.Dialect;

/**
 * DuckDB's SQL: one schema, double-quoted names, lake objects read in place with
 * {@code read_json} and the contract's declared column types (never inferred).
 */
public final class DuckDbDialect implements Dialect {

	/** Characters of a rejected line kept in {@code raw_rejects}. */
	static final int REJECTED_LINE_CHARS = 10_000;

	private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
		.withZone(ZoneOffset.UTC);

	/**
	 * {@code read_json}'s {@code columns}: the declared type of every field of a line.
	 */
	private final String lineColumns = LakeSchema.current()
		.columns()
		.stream()
		.map((column) -> "'" + column.name() + "': '" + typeOf(column.type()) + "'")
		.collect(Collectors.joining(", ", "{", "}"));

	@Override
	public String macroFile() {
		return "duckdb";
	}

	@Override
	public String relation(String name) {
		return quote(name);
	}

	@Override
	public String quote(String name) {
		return "\"" + name.replace("\"", "\"\"") + "\"";
	}

	@Override
	public String type(SqlType type) {
		return switch (type) {
			case STRING -> "VARCHAR";
			case INT64 -> "BIGINT";
			case BOOL -> "BOOLEAN";
			case DATE -> "DATE";
			case TIMESTAMP -> "TIMESTAMP";
			case JSON -> "JSON";
		};
	}

	@Override
	public String jsonColumn(String expression) {
		return "CAST(" + expression + " AS JSON)";
	}

	@Override
	public String timestamp(Instant instant) {
		// TIMESTAMP columns hold UTC without a zone.
		return "TIMESTAMP '" + MILLIS.format(instant) + "'";
	}

	@Override
	public String now() {
		return "CAST(now() AS TIMESTAMP)";
	}

	@Override
	public String string(String value) {
		return (value == null) ? "NULL" : "'" + value.replace("'", "''") + "'";
	}

	@Override
	public String typeOf(LakeSchema.FieldType type) {
		if (type instanceof LakeSchema.Struct struct) {
			return struct.fields()
				.stream()
				.map((field) -> quote(field.name()) + " " + typeOf(field.type()))
				.collect(Collectors.joining(", ", "STRUCT(", ")"));
		}
		if (type instanceof LakeSchema.Array array) {
			return typeOf(array.element()) + "[]";
		}
		return switch ((LakeSchema.Scalar) type) {
			case STRING -> "VARCHAR";
			case INT64 -> "BIGINT";
			case BOOL -> "BOOLEAN";
			case DATE -> "DATE";
			case TIMESTAMP -> "TIMESTAMP";
		};
	}

	@Override
	public String selectStrings(List<String> columns, List<List<String>> rows) {
		if (rows.isEmpty()) {
			return "SELECT " + columns.stream()
				.map((column) -> "CAST(NULL AS VARCHAR) AS " + quote(column))
				.collect(Collectors.joining(", ")) + " WHERE FALSE";
		}
		String values = rows.stream()
			.map((row) -> row.stream().map(this::string).collect(Collectors.joining(", ", "(", ")")))
			.collect(Collectors.joining(",\n  "));
		return "SELECT * FROM (VALUES\n  " + values + "\n) AS seed("
				+ columns.stream().map(this::quote).collect(Collectors.joining(", ")) + ")";
	}

	@Override
	public String insertRawEvents(List<RawObject> objects) {
		// Each line is parsed once, straight into the declared column types; rows are
		// written grouped by type and date, so a model that reads one event type (or a
		// few dates) skips the other row groups.
		return "INSERT INTO " + relation("raw_events") + " BY NAME SELECT " + objectName(objects)
				+ " AS _file, * EXCLUDE (filename), CAST(occurred_at AS DATE) AS event_date FROM read_json("
				+ files(objects) + ", format = 'newline_delimited', columns = " + this.lineColumns
				+ ", filename = true, hive_partitioning = false) ORDER BY event_type, event_date";
	}

	@Override
	public List<String> insertRawEventsLineByLine(RawObject object) {
		String checked = checkedLines(object);
		return List.of(
				"INSERT INTO " + relation("raw_rejects") + " SELECT " + string(object.name()) + " AS _file, DATE '"
						+ object.partition() + "' AS publish_date, line_number, reason, left(line, "
						+ REJECTED_LINE_CHARS + ") AS line FROM " + checked + " WHERE reason IS NOT NULL",
				"INSERT INTO " + relation("raw_events") + " BY NAME SELECT " + string(object.name())
						+ " AS _file, typed.*, CAST(typed.occurred_at AS DATE) AS event_date FROM (SELECT "
						+ "json_transform(line, " + string(structure(LakeSchema.current(), true)) + ") AS typed FROM "
						+ checked + " WHERE reason IS NULL)");
	}

	/**
	 * Every line of {@code object} with its number and, when it cannot be loaded, why:
	 * each value is read as text and cast to its declared type.
	 */
	private String checkedLines(RawObject object) {
		String lines = "(SELECT row_number() OVER () AS line_number, line FROM read_csv(" + string(object.uri())
				+ ", columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', header = false, "
				+ "auto_detect = false, strict_mode = false))";
		List<String> bad = new ArrayList<>();
		for (LakeSchema.Column column : LakeSchema.current().columns()) {
			if (!(column.type() instanceof LakeSchema.Scalar)) {
				String kind = (column.type() instanceof LakeSchema.Array) ? "ARRAY" : "OBJECT";
				bad.add("coalesce(json_type(line, " + string("$." + quote(column.name())) + ") NOT IN ('" + kind
						+ "', 'NULL'), false)");
			}
			String check = bad("struct_extract(text, " + string(column.name()) + ")", column.type(), 0);
			if (check != null) {
				bad.add(check);
			}
		}
		return "(SELECT line_number, line, CASE WHEN NOT json_valid(line) THEN 'not JSON' WHEN json_type(line) <> "
				+ "'OBJECT' THEN 'not a JSON object' WHEN " + String.join(" OR ", bad) + " THEN 'a value does not "
				+ "have its declared type, or a time is before " + TimeWindow.EARLIEST + "' END AS reason FROM "
				+ "(SELECT line_number, line, CASE WHEN json_valid(line) AND json_type(line) = 'OBJECT' THEN "
				+ "json_transform(line, " + string(structure(LakeSchema.current(), false)) + ") END AS text FROM "
				+ lines + "))";
	}

	/**
	 * SQL true when text value {@code expression} cannot be {@code type}; null: any text
	 * can.
	 */
	private String bad(String expression, LakeSchema.FieldType type, int depth) {
		if (type instanceof LakeSchema.Struct struct) {
			List<String> fields = new ArrayList<>();
			for (LakeSchema.Column field : struct.fields()) {
				String check = bad("struct_extract(" + expression + ", " + string(field.name()) + ")", field.type(),
						depth);
				if (check != null) {
					fields.add(check);
				}
			}
			return fields.isEmpty() ? null : "(" + String.join(" OR ", fields) + ")";
		}
		if (type instanceof LakeSchema.Array array) {
			String item = "item" + depth;
			String check = bad(item, array.element(), depth + 1);
			return (check == null) ? null : "coalesce(list_bool_or(list_transform(" + expression + ", " + item + " -> "
					+ check + ")), false)";
		}
		return switch ((LakeSchema.Scalar) type) {
			case STRING -> null;
			case INT64, BOOL ->
				"(" + expression + " IS NOT NULL AND try_cast(" + expression + " AS " + typeOf(type) + ") IS NULL)";
			case DATE, TIMESTAMP ->
				"(" + expression + " IS NOT NULL AND coalesce(try_cast(" + expression + " AS " + typeOf(type) + ") < "
						+ typeOf(type) + " '" + TimeWindow.EARLIEST.toString().substring(0, 10) + "', true))";
		};
	}

	/**
	 * {@code json_transform}'s structure of a lake line: every value as its declared
	 * type, or as text.
	 */
	private String structure(LakeSchema schema, boolean typed) {
		return schema.columns()
			.stream()
			.map((column) -> quoteJson(column.name()) + ":" + structure(column.type(), typed))
			.collect(Collectors.joining(",", "{", "}"));
	}

	private String structure(LakeSchema.FieldType type, boolean typed) {
		if (type instanceof LakeSchema.Struct struct) {
			return struct.fields()
				.stream()
				.map((field) -> quoteJson(field.name()) + ":" + structure(field.type(), typed))
				.collect(Collectors.joining(",", "{", "}"));
		}
		if (type instanceof LakeSchema.Array array) {
			return "[" + structure(array.element(), typed) + "]";
		}
		return "\"" + (typed ? typeOf(type) : "VARCHAR") + "\"";
	}

	private static String quoteJson(String name) {
		return "\"" + name + "\"";
	}

	@Override
	public String insertRawQuarantine(List<RawObject> objects) {
		String publishTime = "CAST(json->>'$." + QuarantineRecord.PUBLISH_TIME + "' AS TIMESTAMP)";
		String receivedAt = "CAST(json->>'$." + QuarantineRecord.RECEIVED_AT + "' AS TIMESTAMP)";
		return "INSERT INTO " + relation("raw_quarantine") + " SELECT " + objectName(objects) + " AS _file, json->>'$."
				+ QuarantineRecord.MESSAGE_ID + "' AS message_id, json->>'$." + QuarantineRecord.STAGE + "' AS stage, "
				+ publishTime + " AS publish_time, " + receivedAt + " AS received_at, CAST(coalesce(" + publishTime
				+ ", " + receivedAt + ") AS DATE) AS publish_date, json->>'$." + QuarantineRecord.ATTRIBUTES + "."
				+ QuarantineRecord.EVENT_TYPE_ATTRIBUTE + "' AS event_type, json AS record FROM read_ndjson_objects("
				+ files(objects) + ", filename = true)";
	}

	/**
	 * The object's name from the file path DuckDB reports: what follows the store's root,
	 * which every object of a batch shares.
	 */
	private String objectName(List<RawObject> objects) {
		RawObject first = objects.get(0);
		String root = first.uri().substring(0, first.uri().length() - first.name().length());
		for (RawObject object : objects) {
			if (!object.uri().equals(root + object.name())) {
				throw new IllegalArgumentException("objects of one load come from one store: " + object.uri());
			}
		}
		return "substr(filename, " + (root.length() + 1) + ")";
	}

	private String files(List<RawObject> objects) {
		return objects.stream().map((object) -> string(object.uri())).collect(Collectors.joining(", ", "[", "]"));
	}

}
