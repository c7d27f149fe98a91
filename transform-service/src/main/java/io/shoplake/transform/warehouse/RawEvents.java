package io.shoplake.transform.warehouse;

import java.util.ArrayList;
import java.util.List;

import io.shoplake.events.LakeSchema;
import io.shoplake.transform.render.Dialect;

/**
 * The layout of {@code raw_events} in every warehouse: the lake object it came from
 * ({@code _file}), every field of a lake line as the contract declares it
 * ({@link LakeSchema}), and the event's UTC date ({@code event_date}).
 */
public final class RawEvents {

	/** The column names, in order. */
	public static final List<String> COLUMNS = columns();

	private RawEvents() {
	}

	/**
	 * The column definitions of {@code CREATE TABLE raw_events (…)} in {@code dialect}.
	 */
	public static String declaration(Dialect dialect) {
		List<String> columns = new ArrayList<>();
		columns.add(dialect.quote("_file") + " " + dialect.typeOf(LakeSchema.Scalar.STRING) + " NOT NULL");
		LakeSchema.v1()
			.columns()
			.forEach((column) -> columns.add(dialect.quote(column.name()) + " " + dialect.typeOf(column.type())));
		columns.add(dialect.quote("event_date") + " DATE");
		return String.join(", ", columns);
	}

	private static List<String> columns() {
		List<String> columns = new ArrayList<>();
		columns.add("_file");
		LakeSchema.v1().columns().forEach((column) -> columns.add(column.name()));
		columns.add("event_date");
		return List.copyOf(columns);
	}

}
