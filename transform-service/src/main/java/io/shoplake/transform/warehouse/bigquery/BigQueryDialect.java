package io.shoplake.transform.warehouse.bigquery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.shoplake.events.LakeSchema;
import io.shoplake.events.lake.QuarantineRecord;
import io.shoplake.transform.render.Dialect;

/**
 * BigQuery's standard SQL: one dataset per layer, backquoted names, lake objects loaded
 * from the raw external tables Terraform defines ({@code <raw>.events} and
 * {@code <raw>.quarantine}: one {@code line} per row, hive-partitioned by {@code year},
 * {@code month}, {@code day}), each line parsed once as JSON and typed by the contract.
 */
public final class BigQueryDialect implements Dialect {

	private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
		.withZone(ZoneOffset.UTC);

	/**
	 * Every field of a lake line (JSON value {@code line}) as its declared type, in
	 * {@code raw_events}' order: the SELECT list of the load.
	 */
	public static final String TYPED_LINE = LakeSchema.current()
		.columns()
		.stream()
		.map((column) -> extract(column.type(), "line", "$." + column.name(), 0))
		.collect(Collectors.joining(",\n  "));

	private final String project;

	private final Function<String, String> datasetOf;

	/**
	 * @param project project of the datasets
	 * @param datasetOf dataset of a model, seed, source or state table
	 */
	public BigQueryDialect(String project, Function<String, String> datasetOf) {
		this.project = project;
		this.datasetOf = datasetOf;
	}

	String project() {
		return this.project;
	}

	String datasetOf(String name) {
		return this.datasetOf.apply(name);
	}

	@Override
	public String macroFile() {
		return "bigquery";
	}

	@Override
	public String relation(String name) {
		return "`" + this.project + "." + this.datasetOf.apply(name) + "." + name + "`";
	}

	/** An external table of the raw dataset ({@code events}, {@code quarantine}). */
	private String external(String table) {
		return "`" + this.project + "." + this.datasetOf.apply("raw_events") + "." + table + "`";
	}

	@Override
	public String quote(String name) {
		return "`" + name.replace("`", "\\`") + "`";
	}

	@Override
	public String type(SqlType type) {
		return switch (type) {
			case STRING -> "STRING";
			case INT64 -> "INT64";
			case BOOL -> "BOOL";
			case DATE -> "DATE";
			case TIMESTAMP -> "TIMESTAMP";
			// JSON text in a STRING column: the run state is read back as text.
			case JSON -> "STRING";
		};
	}

	@Override
	public String jsonColumn(String expression) {
		return expression;
	}

	@Override
	public String timestamp(Instant instant) {
		return "TIMESTAMP '" + MILLIS.format(instant) + "+00'";
	}

	@Override
	public String now() {
		return "CURRENT_TIMESTAMP()";
	}

	@Override
	public String string(String value) {
		return (value == null) ? "NULL" : "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
	}

	@Override
	public String typeOf(LakeSchema.FieldType type) {
		if (type instanceof LakeSchema.Struct struct) {
			return struct.fields()
				.stream()
				.map((field) -> quote(field.name()) + " " + typeOf(field.type()))
				.collect(Collectors.joining(", ", "STRUCT<", ">"));
		}
		if (type instanceof LakeSchema.Array array) {
			return "ARRAY<" + typeOf(array.element()) + ">";
		}
		return switch ((LakeSchema.Scalar) type) {
			case STRING -> "STRING";
			case INT64 -> "INT64";
			case BOOL -> "BOOL";
			case DATE -> "DATE";
			case TIMESTAMP -> "TIMESTAMP";
		};
	}

	@Override
	public String rawEventsLayout() {
		return " PARTITION BY event_date CLUSTER BY event_type";
	}

	@Override
	public String rawQuarantineLayout() {
		return " PARTITION BY publish_date";
	}

	@Override
	public String selectStrings(List<String> columns, List<List<String>> rows) {
		String type = columns.stream()
			.map((column) -> quote(column) + " STRING")
			.collect(Collectors.joining(", ", "STRUCT<", ">"));
		String values = rows.stream()
			.map((row) -> row.stream().map(this::string).collect(Collectors.joining(", ", "(", ")")))
			.collect(Collectors.joining(",\n  "));
		return "SELECT * FROM UNNEST(ARRAY<" + type + ">[\n  " + values + "\n])";
	}

	@Override
	public String insertRawEvents(List<RawObject> objects) {
		return insert("raw_events", "events", objects,
				"_file, " + TYPED_LINE + ", DATE(TIMESTAMP(JSON_VALUE(line, '$.occurred_at')))");
	}

	@Override
	public String insertRawQuarantine(List<RawObject> objects) {
		String publishTime = "TIMESTAMP(JSON_VALUE(line, '$." + QuarantineRecord.PUBLISH_TIME + "'))";
		String receivedAt = "TIMESTAMP(JSON_VALUE(line, '$." + QuarantineRecord.RECEIVED_AT + "'))";
		return insert("raw_quarantine", "quarantine", objects,
				"_file, JSON_VALUE(line, '$." + QuarantineRecord.MESSAGE_ID + "'), JSON_VALUE(line, '$."
						+ QuarantineRecord.STAGE + "'), " + publishTime + ", " + receivedAt + ", DATE(COALESCE("
						+ publishTime + ", " + receivedAt + ")), JSON_VALUE(line, '$." + QuarantineRecord.ATTRIBUTES
						+ "." + QuarantineRecord.EVENT_TYPE_ATTRIBUTE + "'), line");
	}

	/**
	 * Inserts the lines of {@code objects} from external table {@code source} into
	 * {@code table}: each line parsed once, as JSON value {@code line} beside its object
	 * name {@code _file}, and typed by {@code columns}. The partition filter names only
	 * the objects' partitions, so BigQuery reads nothing else.
	 */
	private String insert(String table, String source, List<RawObject> objects, String columns) {
		Set<String> partitions = new TreeSet<>();
		for (RawObject object : objects) {
			partitions.add("(year = " + object.partition().getYear() + " AND month = "
					+ object.partition().getMonthValue() + " AND day = " + object.partition().getDayOfMonth() + ")");
		}
		RawObject first = objects.get(0);
		String root = first.uri().substring(0, first.uri().length() - first.name().length());
		return "INSERT INTO " + relation(table) + "\nSELECT " + columns + "\nFROM (SELECT SUBSTR(_FILE_NAME, "
				+ (root.length() + 1) + ") AS _file, PARSE_JSON(line) AS line FROM " + external(source) + "\nWHERE ("
				+ String.join(" OR ", partitions) + ")\n  AND _FILE_NAME IN ("
				+ objects.stream().map((object) -> string(object.uri())).collect(Collectors.joining(", ")) + ")) lines";
	}

	/**
	 * The value at JSON path {@code path} of JSON value {@code json}, as declared type
	 * {@code type} (a missing value or object is NULL; arrays keep their order).
	 */
	private static String extract(LakeSchema.FieldType type, String json, String path, int depth) {
		if (type instanceof LakeSchema.Struct struct) {
			return "IF(JSON_QUERY(" + json + ", '" + path + "') IS NULL, NULL, STRUCT("
					+ fields(struct, json, path, depth) + "))";
		}
		if (type instanceof LakeSchema.Array array) {
			String item = "item" + depth;
			String element = (array.element() instanceof LakeSchema.Struct struct)
					? "AS STRUCT " + fields(struct, item, "$", depth + 1)
					: extract(array.element(), item, "$", depth + 1);
			return "ARRAY(SELECT " + element + " FROM UNNEST(JSON_QUERY_ARRAY(" + json + ", '" + path + "')) AS " + item
					+ " WITH OFFSET AS position" + depth + " ORDER BY position" + depth + ")";
		}
		String value = "JSON_VALUE(" + json + ", '" + path + "')";
		return switch ((LakeSchema.Scalar) type) {
			case STRING -> value;
			case INT64 -> "CAST(" + value + " AS INT64)";
			// JSON_VALUE gives true/false as the strings 'true'/'false'.
			case BOOL -> "CAST(" + value + " AS BOOL)";
			case DATE -> "DATE(" + value + ")";
			case TIMESTAMP -> "TIMESTAMP(" + value + ")";
		};
	}

	private static String fields(LakeSchema.Struct struct, String json, String path, int depth) {
		return struct.fields()
			.stream()
			.map((field) -> extract(field.type(), json, path + "." + field.name(), depth) + " AS `" + field.name()
					+ "`")
			.collect(Collectors.joining(", "));
	}

}
