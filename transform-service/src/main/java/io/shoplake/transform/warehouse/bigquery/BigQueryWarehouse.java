package io.shoplake.transform.warehouse.bigquery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import io.shoplake.events.LakeSchema;
import io.shoplake.transform.render.Dialect;
import io.shoplake.transform.warehouse.LoadResult;
import io.shoplake.transform.warehouse.RawEvents;
import io.shoplake.transform.warehouse.Warehouse;
import io.shoplake.transform.warehouse.WarehouseException;

/**
 * The warehouse on BigQuery: one dataset per layer ({@code raw}: source and run tables;
 * {@code staging}; {@code marts}), every job labelled with the run and model it belongs
 * to, every model's SQL dry-run before it is built, incremental models replaced partition
 * by partition in one multi-statement transaction, bytes processed counted per model.
 * Lake objects are loaded once each from the raw external tables Terraform defines
 * ({@code <raw>.events} and {@code <raw>.quarantine}: one {@code line} per row,
 * hive-partitioned by {@code year}, {@code month}, {@code day}) into native tables with
 * the same columns as DuckDB's.
 */
public final class BigQueryWarehouse implements Warehouse {

	/** Objects loaded per script (a query is limited to 1 MB of text). */
	static final int OBJECTS_PER_LOAD = 2_000;

	private static final java.time.format.DateTimeFormatter DATETIME = java.time.format.DateTimeFormatter
		.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

	private static final Pattern PARTITION = Pattern.compile("year=(\\d{4})/month=(\\d{2})/day=(\\d{2})/");

	/**
	 * Every field of a lake line (JSON value {@code line}) as its declared type, in
	 * {@code raw_events}' order: the SELECT list of the load.
	 */
	public static final String TYPED_LINE = LakeSchema.v1()
		.columns()
		.stream()
		.map((column) -> extract(column.type(), "line", "$." + column.name(), 0))
		.collect(Collectors.joining(",\n  "));

	private final BigQueryJobs jobs;

	private final Storage storage;

	private final String project;

	private final Function<String, String> datasetOf;

	private final String lakeBucket;

	private final String quarantineBucket;

	private final Map<String, String> labels = new LinkedHashMap<>();

	private long bytes;

	/** Set when {@link #prepare()} dropped a raw table of an earlier layout. */
	private boolean reloaded;

	/**
	 * @param jobs the BigQuery calls
	 * @param storage the buckets' client (listing new objects)
	 * @param project project of the datasets
	 * @param datasetOf dataset of a model, seed, source or run table
	 * @param lakeBucket the lake bucket
	 * @param quarantineBucket the quarantine bucket
	 */
	public BigQueryWarehouse(BigQueryJobs jobs, Storage storage, String project, Function<String, String> datasetOf,
			String lakeBucket, String quarantineBucket) {
		this.jobs = jobs;
		this.storage = storage;
		this.project = project;
		this.datasetOf = datasetOf;
		this.lakeBucket = lakeBucket;
		this.quarantineBucket = quarantineBucket;
		this.labels.put("app", "shoplake");
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
			case TIMESTAMP -> "TIMESTAMP(" + value + ")";
		};
	}

	private static String fields(LakeSchema.Struct struct, String json, String path, int depth) {
		return struct.fields()
			.stream()
			.map((field) -> extract(field.type(), json, path + "." + field.name(), depth) + " AS "
					+ Dialect.BIGQUERY.quote(field.name()))
			.collect(Collectors.joining(", "));
	}

	@Override
	public Dialect dialect() {
		return Dialect.BIGQUERY;
	}

	@Override
	public String relation(String name) {
		return "`" + this.project + "." + this.datasetOf.apply(name) + "." + name + "`";
	}

	private String external(String table) {
		return "`" + this.project + "." + this.datasetOf.apply("raw_events") + "." + table + "`";
	}

	@Override
	public void prepare() {
		execute("CREATE TABLE IF NOT EXISTS " + relation("_shoplake_loaded_objects")
				+ " (object STRING NOT NULL, store STRING, lines INT64, run_id STRING, loaded_at DATETIME)");
		List<String> existing = query(
				"SELECT column_name FROM `" + this.project + "." + this.datasetOf.apply("raw_events")
						+ "`.INFORMATION_SCHEMA.COLUMNS WHERE table_name = 'raw_events' ORDER BY ordinal_position",
				Integer.MAX_VALUE)
			.stream()
			.map((row) -> (String) row.get("column_name"))
			.toList();
		if (!existing.isEmpty() && !existing.equals(RawEvents.COLUMNS)) {
			// Written by an earlier version with other columns: loaded again from the
			// lake, and the models rebuilt. BigQuery runs no DDL inside a transaction, so
			// the objects are forgotten first: if the DROP fails, the next start finds
			// the old table and drops it then, and nothing is left marked as loaded.
			execute("DELETE FROM " + relation("_shoplake_loaded_objects") + " WHERE store = 'lake';\nDROP TABLE "
					+ relation("raw_events") + ";");
			this.reloaded = true;
		}
		execute("CREATE TABLE IF NOT EXISTS " + relation("raw_events") + " (" + RawEvents.declaration(Dialect.BIGQUERY)
				+ ") PARTITION BY event_date CLUSTER BY event_type");
		execute("CREATE TABLE IF NOT EXISTS " + relation("raw_quarantine") + """
				 (_file STRING NOT NULL, message_id STRING, stage STRING, publish_time TIMESTAMP,
				  received_at TIMESTAMP, publish_date DATE, event_type STRING, record JSON)
				PARTITION BY publish_date""");
		execute("CREATE TABLE IF NOT EXISTS " + relation("_shoplake_runs") + """
				(run_id STRING NOT NULL, status STRING, trigger STRING, selection STRING,
				 full_refresh BOOL, restate_from DATE, restate_to DATE, started_at DATETIME,
				 finished_at DATETIME, objects_loaded INT64, rows_loaded INT64, error STRING)""");
		execute("CREATE TABLE IF NOT EXISTS " + relation("_shoplake_run_models") + """
				(run_id STRING NOT NULL, model STRING NOT NULL, status STRING, materialized STRING, rows INT64,
				 duration_ms INT64, bytes_processed INT64, sql_hash STRING, sql STRING, dates STRING,
				 tests STRING, error STRING)""");
		execute("CREATE TABLE IF NOT EXISTS " + relation("_shoplake_model_dates")
				+ " (model STRING NOT NULL, event_date DATE, run_id STRING, built_at DATETIME)");
	}

	@Override
	public LoadResult loadNewObjects(String runId) {
		Set<String> loaded = new HashSet<>();
		for (Map<String, Object> row : query("SELECT object FROM " + relation("_shoplake_loaded_objects"),
				Integer.MAX_VALUE)) {
			loaded.add((String) row.get("object"));
		}
		List<String> events = newObjects(this.lakeBucket, "events/", loaded);
		List<String> failed = newObjects(this.quarantineBucket, "failed/", loaded);
		long rows = 0;
		long quarantined = 0;
		Set<LocalDate> dates = new TreeSet<>();
		for (int from = 0; from < events.size(); from += OBJECTS_PER_LOAD) {
			List<String> part = events.subList(from, Math.min(events.size(), from + OBJECTS_PER_LOAD));
			String files = files(this.lakeBucket, part);
			execute(load("raw_events", "events", "lake", this.lakeBucket, part, files, runId,
					"_file, " + TYPED_LINE + ", DATE(TIMESTAMP(JSON_VALUE(line, '$.occurred_at')))"));
			for (Map<String, Object> row : query("SELECT event_date, count(*) AS n FROM " + relation("raw_events")
					+ " WHERE _file IN (" + files + ") GROUP BY event_date", Integer.MAX_VALUE)) {
				if (row.get("event_date") != null) {
					dates.add((LocalDate) row.get("event_date"));
				}
				rows += ((Number) row.get("n")).longValue();
			}
		}
		for (int from = 0; from < failed.size(); from += OBJECTS_PER_LOAD) {
			List<String> part = failed.subList(from, Math.min(failed.size(), from + OBJECTS_PER_LOAD));
			String files = files(this.quarantineBucket, part);
			execute(load("raw_quarantine", "quarantine", "quarantine", this.quarantineBucket, part, files, runId, """
					_file, JSON_VALUE(line, '$.message_id'), JSON_VALUE(line, '$.stage'),
					  TIMESTAMP(JSON_VALUE(line, '$.publish_time')), TIMESTAMP(JSON_VALUE(line, '$.received_at')),
					  DATE(COALESCE(TIMESTAMP(JSON_VALUE(line, '$.publish_time')),
					    TIMESTAMP(JSON_VALUE(line, '$.received_at')))),
					  JSON_VALUE(line, '$.attributes.event_type'), line"""));
			quarantined += ((Number) query(
					"SELECT count(*) AS n FROM " + relation("raw_quarantine") + " WHERE _file IN (" + files + ")", 1)
				.get(0)
				.get("n")).longValue();
		}
		boolean reloaded = this.reloaded;
		this.reloaded = false;
		return new LoadResult(events.size() + failed.size(), rows, quarantined, dates, reloaded);
	}

	/**
	 * One script that inserts the lines of {@code objects} ({@code files}: their
	 * {@code gs://} names as a SQL list) from external table {@code source} into
	 * {@code table} and records the objects as loaded, in one transaction. Each line is
	 * parsed once, as JSON value {@code line} beside its object {@code _file}, and typed
	 * by {@code columns}. The partition filter names only the objects' partitions.
	 */
	private String load(String table, String source, String store, String bucket, List<String> objects, String files,
			String runId, String columns) {
		Set<String> partitions = new TreeSet<>();
		for (String object : objects) {
			Matcher day = PARTITION.matcher(object);
			if (!day.find()) {
				throw new WarehouseException("not in the year=/month=/day= layout: " + object, null, false);
			}
			partitions.add("(year = " + Integer.parseInt(day.group(1)) + " AND month = "
					+ Integer.parseInt(day.group(2)) + " AND day = " + Integer.parseInt(day.group(3)) + ")");
		}
		return "BEGIN TRANSACTION;\nINSERT INTO " + relation(table) + "\nSELECT " + columns
				+ "\nFROM (SELECT _FILE_NAME AS _file, PARSE_JSON(line) AS line FROM " + external(source) + "\nWHERE ("
				+ String.join(" OR ", partitions) + ")\n  AND _FILE_NAME IN (" + files + ")) lines;\n" + "INSERT INTO "
				+ relation("_shoplake_loaded_objects") + "\nSELECT SUBSTR(_file, "
				+ (("gs://" + bucket + "/").length() + 1) + "), '" + store + "', count(*), '" + literal(runId)
				+ "', CURRENT_DATETIME() FROM " + relation(table) + " WHERE _file IN (" + files
				+ ") GROUP BY _file;\nCOMMIT TRANSACTION;";
	}

	private List<String> newObjects(String bucket, String prefix, Set<String> loaded) {
		try {
			List<String> names = new ArrayList<>();
			for (Blob blob : this.storage.list(bucket, Storage.BlobListOption.prefix(prefix)).iterateAll()) {
				String name = blob.getName();
				if (name.endsWith(".ndjson.gz") && !loaded.contains(name)) {
					names.add(name);
				}
			}
			names.sort(null);
			return names;
		}
		catch (RuntimeException ex) {
			throw new WarehouseException("cannot list gs://" + bucket + "/" + prefix + ": " + ex.getMessage(), ex,
					true);
		}
	}

	private static String files(String bucket, List<String> objects) {
		return objects.stream()
			.map((name) -> "'gs://" + bucket + "/" + literal(name) + "'")
			.collect(Collectors.joining(", "));
	}

	@Override
	public void loadSeed(String name, String csv) {
		List<List<String>> lines = new ArrayList<>();
		for (String line : csv.split("\\r?\\n")) {
			if (!line.isBlank()) {
				lines.add(csvFields(line));
			}
		}
		List<String> header = lines.get(0);
		String rows = lines.subList(1, lines.size()).stream().map((fields) -> {
			List<String> columns = new ArrayList<>();
			for (int i = 0; i < header.size(); i++) {
				String value = (i < fields.size()) ? fields.get(i) : null;
				columns.add(((value != null) ? "'" + literal(value) + "'" : "CAST(NULL AS STRING)") + " AS `"
						+ header.get(i) + "`");
			}
			return "STRUCT(" + String.join(", ", columns) + ")";
		}).collect(Collectors.joining(",\n  "));
		execute("CREATE OR REPLACE TABLE " + relation(name) + " AS SELECT * FROM UNNEST([\n  " + rows + "\n])");
	}

	/** Fields of one CSV line (double quotes around a field, doubled inside). */
	static List<String> csvFields(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
			}
			else {
				field.append(c);
			}
		}
		fields.add(field.toString());
		return fields;
	}

	@Override
	public boolean exists(String name) {
		return call(() -> this.jobs.exists(TableId.of(this.project, this.datasetOf.apply(name), name)));
	}

	@Override
	public void createView(String name, String sql) {
		dryRun(sql);
		execute("CREATE OR REPLACE VIEW " + relation(name) + " AS\n" + sql);
	}

	@Override
	public void replaceTable(String name, String sql) {
		replaceTable(name, sql, null);
	}

	@Override
	public void replaceTable(String name, String sql, String partitionBy) {
		// One statement: if the SELECT fails, the old table stays as it was.
		dryRun(sql);
		execute("CREATE OR REPLACE TABLE " + relation(name)
				+ ((partitionBy != null) ? " PARTITION BY " + partitionBy : "") + " AS\n" + sql);
	}

	@Override
	public void replacePartitions(String name, String sql, String column, Collection<LocalDate> dates) {
		if (dates.isEmpty()) {
			return;
		}
		dryRun(sql);
		String list = Dialect.dateList(dates);
		execute("BEGIN TRANSACTION;\nDELETE FROM " + relation(name) + " WHERE " + column + " IN (" + list + ");\n"
				+ "INSERT INTO " + relation(name) + "\nSELECT * FROM (\n" + sql + "\n) WHERE " + column + " IN (" + list
				+ ");\nCOMMIT TRANSACTION;");
	}

	@Override
	public long rowCount(String name) {
		return ((Number) query("SELECT count(*) AS n FROM " + relation(name), 1).get(0).get("n")).longValue();
	}

	@Override
	public void execute(String sql, Object... parameters) {
		query(sql, 0, parameters);
	}

	@Override
	public List<Map<String, Object>> query(String sql, int limit, Object... parameters) {
		QueryJobConfiguration configuration = configuration(sql, parameters);
		BigQueryJobs.Result result = call(() -> this.jobs.query(configuration, limit));
		synchronized (this) {
			this.bytes += result.bytesProcessed();
		}
		return result.rows();
	}

	/**
	 * Validates {@code sql} before it runs: a wrong query fails here and changes nothing.
	 */
	private void dryRun(String sql) {
		call(() -> this.jobs.dryRun(configuration(sql)));
	}

	@Override
	public synchronized void label(String runId, String model) {
		this.labels.put("run_id", label(runId));
		this.labels.put("model", label(model));
		this.bytes = 0;
	}

	@Override
	public synchronized Long bytesProcessed() {
		return this.bytes;
	}

	/**
	 * The job for {@code sql}: standard SQL, positional parameters (a {@code null} one
	 * written as {@code NULL}, which takes the column's type), the current labels.
	 */
	QueryJobConfiguration configuration(String sql, Object... parameters) {
		StringBuilder text = new StringBuilder();
		List<QueryParameterValue> values = new ArrayList<>();
		int next = 0;
		boolean quoted = false;
		for (int i = 0; i < sql.length(); i++) {
			char c = sql.charAt(i);
			if (c == '\'') {
				quoted = !quoted;
			}
			if (c == '?' && !quoted && next < parameters.length) {
				Object value = parameters[next++];
				if (value == null) {
					text.append("NULL");
					continue;
				}
				values.add(parameter(value));
			}
			text.append(c);
		}
		Map<String, String> jobLabels;
		synchronized (this) {
			jobLabels = new LinkedHashMap<>(this.labels);
		}
		return QueryJobConfiguration.newBuilder(text.toString())
			.setUseLegacySql(false)
			.setPositionalParameters(values)
			.setLabels(jobLabels)
			.build();
	}

	private static QueryParameterValue parameter(Object value) {
		if (value instanceof String text) {
			return QueryParameterValue.string(text);
		}
		if (value instanceof Integer || value instanceof Long) {
			return QueryParameterValue.int64(((Number) value).longValue());
		}
		if (value instanceof Double || value instanceof Float) {
			return QueryParameterValue.float64(((Number) value).doubleValue());
		}
		if (value instanceof Boolean bool) {
			return QueryParameterValue.bool(bool);
		}
		if (value instanceof LocalDate date) {
			return QueryParameterValue.date(date.toString());
		}
		if (value instanceof LocalDateTime time) {
			return QueryParameterValue.dateTime(DATETIME.format(time));
		}
		if (value instanceof Instant instant) {
			return QueryParameterValue
				.timestamp(DATETIME.format(instant.atOffset(java.time.ZoneOffset.UTC)) + "+00:00");
		}
		throw new IllegalArgumentException("no BigQuery parameter type for " + value.getClass().getName());
	}

	/** A label value: lower case letters, digits, _ and -, at most 63 characters. */
	static String label(String value) {
		String cleaned = value.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
		return cleaned.substring(0, Math.min(63, cleaned.length()));
	}

	private static String literal(String value) {
		return value.replace("\\", "\\\\").replace("'", "\\'");
	}

	/**
	 * Runs a BigQuery call; its failure becomes a warehouse failure, transient or not.
	 */
	private static <T> T call(java.util.function.Supplier<T> call) {
		try {
			return call.get();
		}
		catch (BigQueryException ex) {
			boolean transientFailure = ex.isRetryable() || ex.getCode() == 429 || ex.getCode() >= 500;
			throw new WarehouseException(ex.getMessage(), ex, transientFailure);
		}
	}

}
