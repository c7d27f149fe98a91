package io.shoplake.transform.render;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import io.shoplake.events.LakeSchema;

/**
 * What the SQL of one engine spells its own way: names, types, literals, and how a batch
 * of lake objects is read into the raw tables. Everything else — the model templates, the
 * run state, the plan — is written once against this interface; the macros that differ
 * live in {@code macros/<macroFile()>.sql}.
 */
public interface Dialect {

	/** Name of its macro file, {@code macros/<name>.sql}. */
	String macroFile();

	/** How {@code name} (a model, a seed, a source or state table) is written in SQL. */
	String relation(String name);

	/** {@code name} as a quoted identifier. */
	String quote(String name);

	/** The column type of a plain SQL type. */
	String type(SqlType type);

	/** {@code expression} as text. */
	default String asText(String expression) {
		return "CAST(" + expression + " AS " + type(SqlType.STRING) + ")";
	}

	/**
	 * A JSON text parameter or expression as stored in a JSON column of the run state.
	 */
	String jsonColumn(String expression);

	/** A TIMESTAMP literal of {@code instant} (UTC, milliseconds). */
	String timestamp(Instant instant);

	/** The current time as a TIMESTAMP. */
	String now();

	/** The column type a lake field is stored as. */
	String typeOf(LakeSchema.FieldType type);

	/**
	 * A SELECT of {@code rows} of string literals (nulls allowed) with {@code columns} as
	 * names: a seed, or a list of values to join with.
	 */
	String selectStrings(List<String> columns, List<List<String>> rows);

	/**
	 * The statement that inserts every line of lake objects {@code objects} into
	 * {@code raw_events}, typed by the contract, with the object's name in {@code _file}.
	 */
	String insertRawEvents(List<RawObject> objects);

	/**
	 * The statements that load lake object {@code object} line by line, when
	 * {@link #insertRawEvents} refused it: a line that is not a JSON object, holds a
	 * value its column's type cannot hold, or a time before 2000 goes to
	 * {@code raw_rejects} with its line number and why; every other line to
	 * {@code raw_events}, typed as {@link #insertRawEvents} types it.
	 * @throws UnsupportedOperationException where the engine cannot (the load of the
	 * object then fails, as before)
	 */
	default List<String> insertRawEventsLineByLine(RawObject object) {
		throw new UnsupportedOperationException("this engine loads whole objects only");
	}

	/**
	 * The statement that inserts every line of quarantine objects {@code objects} into
	 * {@code raw_quarantine}.
	 */
	String insertRawQuarantine(List<RawObject> objects);

	/**
	 * What follows {@code CREATE TABLE raw_events (…)}: partitioning and clustering where
	 * the engine has them.
	 */
	default String rawEventsLayout() {
		return "";
	}

	/** What follows {@code CREATE TABLE raw_quarantine (…)}. */
	default String rawQuarantineLayout() {
		return "";
	}

	/**
	 * {@code dates} as a list of DATE literals, in order (the same in both dialects), for
	 * {@code IN (…)}.
	 */
	static String dateList(Collection<LocalDate> dates) {
		return dates.stream().sorted().map((date) -> "DATE '" + date + "'").collect(Collectors.joining(", "));
	}

	/** A string literal of {@code value} ({@code NULL} for null). */
	String string(String value);

	/** The plain column types of the run state and seeds. */
	enum SqlType {

		STRING, INT64, BOOL, DATE, TIMESTAMP, JSON

	}

	/**
	 * A lake or quarantine object to load.
	 *
	 * @param name its name in the store, e.g. {@code events/year=…/part-….ndjson.gz}
	 * @param uri where the engine reads it (a file path, a {@code gs://} URI)
	 * @param partition its partition day
	 */
	record RawObject(String name, String uri, LocalDate partition) {
	}

}
