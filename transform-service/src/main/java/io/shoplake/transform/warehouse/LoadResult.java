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
 */
public record LoadResult(int objects, long rows, long quarantined, Set<LocalDate> eventDates) {
}
