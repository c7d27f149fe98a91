package io.shoplake.transform.warehouse;

import java.time.LocalDate;
import java.util.Set;

/**
 * What one load of new lake and quarantine objects brought in.
 *
 * @param objects objects loaded (each exactly once, ever)
 * @param rows event lines loaded
 * @param quarantined quarantine lines loaded
 * @param eventDates event dates (UTC) of the loaded events: what the marts recompute
 * @param reloaded the raw events table was rebuilt from the whole lake (its columns
 * changed with an upgrade), so every model is rebuilt too
 */
public record LoadResult(int objects, long rows, long quarantined, Set<LocalDate> eventDates, boolean reloaded) {

	/** Nothing new. */
	public static final LoadResult NONE = new LoadResult(0, 0, 0, Set.of(), false);

}
