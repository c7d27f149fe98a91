package io.shoplake.transform.warehouse;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

import io.shoplake.events.LakeSchema;
import io.shoplake.events.lake.QuarantineRecord;
import io.shoplake.transform.render.Dialect;

/**
 * DuckDB's SQL: one schema, double-quoted names, lake objects read in place with
 * {@code read_json} and the contract's declared column types (never inferred).
 */
public final class DuckDbDialect implements Dialect {

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
