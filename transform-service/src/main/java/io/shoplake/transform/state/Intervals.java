package io.shoplake.transform.state;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * What every node has built: per event date (incremental models, the raw events) or as a
 * whole (tables, views, seeds, the quarantine), with the sequence number of the build and
 * the hash of the SQL it was built from. A snapshot the plan reads and the runner updates
 * as it builds; {@link StateStore} persists it.
 */
public final class Intervals {

	private final Map<String, Node> nodes = new HashMap<>();

	void put(String node, LocalDate date, Built built) {
		Node intervals = this.nodes.computeIfAbsent(node, (k) -> new Node());
		if (date == null) {
			intervals.whole = built;
		}
		else {
			intervals.dates.put(date, built);
		}
	}

	/** Notes a build of {@code dates} (null: the whole) of {@code node}. */
	public void built(String node, Set<LocalDate> dates, Built built, boolean replaceAll) {
		Node intervals = this.nodes.computeIfAbsent(node, (k) -> new Node());
		if (replaceAll) {
			intervals.dates.clear();
			intervals.whole = null;
		}
		if (dates == null) {
			intervals.whole = built;
		}
		else {
			dates.forEach((date) -> intervals.dates.put(date, built));
		}
	}

	/** Forgets {@code node}'s dates from {@code from} to {@code to}. */
	public void restate(String node, LocalDate from, LocalDate to) {
		Node intervals = this.nodes.get(node);
		if (intervals != null) {
			intervals.dates.subMap(from, true, to, true).clear();
		}
	}

	/** Forgets everything {@code node} built. */
	public void forget(String node) {
		this.nodes.remove(node);
	}

	/** The dates {@code node} has built, with their builds. */
	public NavigableMap<LocalDate, Built> dates(String node) {
		Node intervals = this.nodes.get(node);
		return (intervals != null) ? intervals.dates : new TreeMap<>();
	}

	/** The build of {@code node} as a whole, or null. */
	public Built whole(String node) {
		Node intervals = this.nodes.get(node);
		return (intervals != null) ? intervals.whole : null;
	}

	/** Whether {@code node} has built anything. */
	public boolean has(String node) {
		Node intervals = this.nodes.get(node);
		return intervals != null && (intervals.whole != null || !intervals.dates.isEmpty());
	}

	/** The newest build of anything of {@code node}, 0 when none. */
	public long newest(String node) {
		Node intervals = this.nodes.get(node);
		if (intervals == null) {
			return 0;
		}
		long newest = (intervals.whole != null) ? intervals.whole.seq() : 0;
		for (Built built : intervals.dates.values()) {
			newest = Math.max(newest, built.seq());
		}
		return newest;
	}

	/**
	 * One build.
	 *
	 * @param seq when (a number that grows with every build of anything)
	 * @param sqlHash hash of the SQL it was built from; null for sources
	 */
	public record Built(long seq, String sqlHash) {
	}

	private static final class Node {

		private final NavigableMap<LocalDate, Built> dates = new TreeMap<>();

		private Built whole;

	}

}
