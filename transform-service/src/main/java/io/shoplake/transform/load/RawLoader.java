package io.shoplake.transform.load;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.shoplake.events.LakeSchema;
import io.shoplake.events.lake.LakeLayout;
import io.shoplake.transform.render.Dialect.SqlType;
import io.shoplake.transform.render.Dialect;
import io.shoplake.transform.state.StateStore;
import io.shoplake.transform.warehouse.Warehouse.Job;
import io.shoplake.transform.warehouse.Warehouse;
import io.shoplake.transform.warehouse.WarehouseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the lake into the raw tables, exactly once per object: the lake is append-only
 * and objects are immutable with unique names, so the state records which objects are
 * loaded (as Snowflake's load history does) and a load takes only new ones, in batches,
 * each batch and its record in one transaction. It also says which event dates became
 * visible — through new rows, or through a watermark that moved — which is what the raw
 * source's intervals advance by.
 */
public final class RawLoader {

	private static final Logger log = LoggerFactory.getLogger(RawLoader.class);

	/** The raw events table, and its node in the interval state. */
	public static final String EVENTS = "raw_events";

	/** The raw quarantine table, and its node in the interval state. */
	public static final String QUARANTINE = "raw_quarantine";

	/**
	 * Lake lines the load could not type, with their object and line number (loaded with
	 * the quarantine, and read as part of it).
	 */
	public static final String REJECTS = "raw_rejects";

	/** Objects loaded per statement (a BigQuery query is limited to 1 MB of text). */
	static final int OBJECTS_PER_LOAD = 2_000;

	/**
	 * The columns of {@code raw_events}: its object, every field of a lake line, the
	 * event date.
	 */
	public static final List<String> EVENT_COLUMNS = eventColumns();

	private final Warehouse warehouse;

	private final Dialect dialect;

	private final StateStore state;

	private final LakeSource lake;

	private final LakeSource quarantine;

	public RawLoader(Warehouse warehouse, StateStore state, LakeSource lake, LakeSource quarantine) {
		this.warehouse = warehouse;
		this.dialect = warehouse.dialect();
		this.state = state;
		this.lake = lake;
		this.quarantine = quarantine;
	}

	/** The raw tables. */
	public static List<String> tables() {
		return List.of(EVENTS, QUARANTINE, REJECTS);
	}

	/**
	 * Creates the raw tables if they do not exist. A {@code raw_events} of an earlier
	 * layout (other columns) is dropped and its objects forgotten, so the lake is loaded
	 * again; returns whether that happened.
	 */
	public boolean prepare() {
		List<String> existing = this.warehouse.columnsOf(EVENTS);
		boolean reloaded = false;
		if (!existing.isEmpty() && !existing.equals(EVENT_COLUMNS)) {
			// The objects are forgotten first: BigQuery runs no DDL in a transaction, and
			// if the DROP then fails, the next start finds the old table and drops it.
			this.warehouse.execute(Job.NONE, this.state.forgetLoaded("lake"));
			this.warehouse.execute(Job.NONE, "DROP TABLE " + this.dialect.relation(EVENTS));
			reloaded = true;
		}
		List<String> columns = new ArrayList<>();
		columns.add(this.dialect.quote("_file") + " " + this.dialect.type(SqlType.STRING) + " NOT NULL");
		LakeSchema.current()
			.columns()
			.forEach((column) -> columns
				.add(this.dialect.quote(column.name()) + " " + this.dialect.typeOf(column.type())));
		columns.add(this.dialect.quote("event_date") + " " + this.dialect.type(SqlType.DATE));
		this.warehouse.execute(Job.NONE, "CREATE TABLE IF NOT EXISTS " + this.dialect.relation(EVENTS) + " ("
				+ String.join(", ", columns) + ")" + this.dialect.rawEventsLayout());
		this.warehouse
			.execute(Job.NONE, "CREATE TABLE IF NOT EXISTS " + this.dialect.relation(QUARANTINE) + " (" + String
				.join(", ",
						List.of("_file STRING NOT NULL", "message_id STRING", "stage STRING", "publish_time TIMESTAMP",
								"received_at TIMESTAMP", "publish_date DATE", "event_type STRING", "record JSON"))
				.replace("STRING", this.dialect.type(SqlType.STRING))
				.replace("JSON", this.dialect.type(SqlType.JSON)) + ")" + this.dialect.rawQuarantineLayout());
		this.warehouse.execute(Job.NONE,
				"CREATE TABLE IF NOT EXISTS " + this.dialect.relation(REJECTS) + " ("
						+ String
							.join(", ",
									List.of("_file STRING NOT NULL", "publish_date DATE", "line_number INT64",
											"reason STRING", "line STRING"))
							.replace("STRING", this.dialect.type(SqlType.STRING))
							.replace("INT64", this.dialect.type(SqlType.INT64))
						+ ")");
		return reloaded;
	}

	/**
	 * Loads the objects not loaded before, then finds the event dates whose visible rows
	 * changed: dates of new rows at or below the watermark, and dates of rows whose
	 * visibility changed because the watermark moved from {@code before} to
	 * {@code watermark} (null: no watermark, everything loaded is visible).
	 */
	public Load load(Job job, Instant before, Instant watermark) {
		return load(job, before, watermark, () -> {
		});
	}

	/**
	 * {@link #load(Job, Instant, Instant)}, calling {@code checkpoint} before each batch
	 * (it throws to stop the load; what was loaded before stays loaded and recorded).
	 */
	public Load load(Job job, Instant before, Instant watermark, Runnable checkpoint) {
		Set<String> loadedLake = this.state.loadedObjects("lake");
		Set<String> loadedQuarantine = this.state.loadedObjects("quarantine");
		List<Dialect.RawObject> events = this.lake.list(LakeLayout.EVENTS)
			.stream()
			.filter((object) -> !loadedLake.contains(object.name()))
			.toList();
		List<Dialect.RawObject> failed = this.quarantine.list(LakeLayout.FAILED)
			.stream()
			.filter((object) -> !loadedQuarantine.contains(object.name()))
			.toList();
		long rows = 0;
		Set<LocalDate> visible = new TreeSet<>();
		long rejected = 0;
		for (List<Dialect.RawObject> batch : batches(events)) {
			checkpoint.run();
			rejected += loadEvents(job, batch);
			String files = names(batch).stream().map(this.dialect::string).collect(Collectors.joining(", "));
			for (Map<String, Object> row : this.warehouse.query("SELECT event_date, count(*) AS n, sum(CASE WHEN "
					+ visibleAt(watermark) + " THEN 1 ELSE 0 END) AS shown FROM " + this.dialect.relation(EVENTS)
					+ " WHERE _file IN (" + files + ") GROUP BY event_date", Integer.MAX_VALUE)) {
				rows += ((Number) row.get("n")).longValue();
				if (row.get("event_date") != null && ((Number) row.get("shown")).longValue() > 0) {
					visible.add((LocalDate) row.get("event_date"));
				}
			}
		}
		long quarantined = 0;
		for (List<Dialect.RawObject> batch : batches(failed)) {
			checkpoint.run();
			this.warehouse.executeAtomically(job, List.of(this.dialect.insertRawQuarantine(batch),
					this.state.recordLoaded("quarantine", QUARANTINE, names(batch), job.runId())));
			String files = names(batch).stream().map(this.dialect::string).collect(Collectors.joining(", "));
			quarantined += ((Number) this.warehouse
				.query("SELECT count(*) AS n FROM " + this.dialect.relation(QUARANTINE) + " WHERE _file IN (" + files
						+ ")", 1)
				.get(0)
				.get("n")).longValue();
		}
		boolean moved = (before == null) ? watermark != null : !before.equals(watermark);
		if (moved) {
			Instant low = (before == null || (watermark != null && watermark.isBefore(before))) ? watermark : before;
			Instant high = (low == watermark) ? before : watermark;
			String range = "_publish_time > " + this.dialect.timestamp(low)
					+ ((high != null) ? " AND _publish_time <= " + this.dialect.timestamp(high) : "");
			for (Map<String, Object> row : this.warehouse.query(
					"SELECT DISTINCT event_date FROM " + this.dialect.relation(EVENTS) + " WHERE " + range,
					Integer.MAX_VALUE)) {
				if (row.get("event_date") != null) {
					visible.add((LocalDate) row.get("event_date"));
				}
			}
		}
		return new Load(events.size() + failed.size(), rows, quarantined, rejected, visible,
				!failed.isEmpty() || moved || rejected > 0);
	}

	/**
	 * Loads a batch of lake objects and records them loaded, in one transaction. A batch
	 * the engine refuses for its content (not for a transient failure, which fails the
	 * run to be retried) is loaded object by object, and an object it refuses is loaded
	 * line by line: lines it cannot type go to {@code raw_rejects}, never failing the
	 * run. Returns the lines rejected.
	 */
	private long loadEvents(Job job, List<Dialect.RawObject> batch) {
		try {
			this.warehouse.executeAtomically(job, List.of(this.dialect.insertRawEvents(batch),
					this.state.recordLoaded("lake", EVENTS, names(batch), job.runId())));
			return 0;
		}
		catch (WarehouseException ex) {
			if (ex.isTransient()) {
				throw ex;
			}
			if (batch.size() > 1) {
				long rejected = 0;
				for (Dialect.RawObject object : batch) {
					rejected += loadEvents(job, List.of(object));
				}
				return rejected;
			}
		}
		Dialect.RawObject object = batch.get(0);
		List<String> statements = new ArrayList<>(this.dialect.insertRawEventsLineByLine(object));
		statements.add(this.state.recordLoaded("lake", EVENTS, names(batch), job.runId()));
		this.warehouse.executeAtomically(job, statements);
		long rejected = ((Number) this.warehouse
			.query("SELECT count(*) AS n FROM " + this.dialect.relation(REJECTS) + " WHERE _file = "
					+ this.dialect.string(object.name()), 1)
			.get(0)
			.get("n")).longValue();
		log.warn("lake object {} loaded line by line: {} lines rejected (see {})", object.name(), rejected, REJECTS);
		return rejected;
	}

	private String visibleAt(Instant watermark) {
		return (watermark != null) ? "_publish_time <= " + this.dialect.timestamp(watermark) : "TRUE";
	}

	private static List<List<Dialect.RawObject>> batches(List<Dialect.RawObject> objects) {
		List<List<Dialect.RawObject>> batches = new ArrayList<>();
		for (int from = 0; from < objects.size(); from += OBJECTS_PER_LOAD) {
			batches.add(objects.subList(from, Math.min(objects.size(), from + OBJECTS_PER_LOAD)));
		}
		return batches;
	}

	private static List<String> names(List<Dialect.RawObject> objects) {
		return objects.stream().map(Dialect.RawObject::name).toList();
	}

	private static List<String> eventColumns() {
		List<String> columns = new ArrayList<>();
		columns.add("_file");
		LakeSchema.current().columns().forEach((column) -> columns.add(column.name()));
		columns.add("event_date");
		return List.copyOf(columns);
	}

	/**
	 * What one load brought in.
	 *
	 * @param objects objects loaded (each exactly once, ever)
	 * @param rows event lines loaded
	 * @param quarantined quarantine lines loaded
	 * @param rejected lake lines that could not be typed, written to {@code raw_rejects}
	 * @param eventDates event dates (UTC) whose visible rows changed: what the raw events
	 * advance by, and what the marts recompute
	 * @param quarantineChanged whether the visible quarantine (or the rejects) changed
	 */
	public record Load(int objects, long rows, long quarantined, long rejected, Set<LocalDate> eventDates,
			boolean quarantineChanged) {

		/** Nothing new. */
		public static final Load NONE = new Load(0, 0, 0, 0, Set.of(), false);

	}

}
