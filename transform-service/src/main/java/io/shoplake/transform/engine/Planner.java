package io.shoplake.transform.engine;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;

import io.shoplake.transform.load.RawLoader;
import io.shoplake.transform.render.Compiled;
import io.shoplake.transform.state.Intervals;

/**
 * Decides what a model is missing, from the interval state alone (the approach of
 * SQLMesh's interval tracking, with build sequence numbers in place of its time
 * intervals, so late rows that arrive for an old date are seen too): an incremental model
 * is missing every event date that an input has and it lacks, or that an input built
 * after it did — counting, for a model with {@code lookback} n, the n following dates of
 * its inputs too (a session that starts before midnight reads events after it). A table
 * is missing when anything it reads was built after it. Whatever was not built — a model
 * left out of a selection, one that failed or was skipped — stays missing until a run
 * builds it.
 */
final class Planner {

	private final Map<String, Compiled> models;

	/**
	 * @param models every model, compiled as a full build
	 */
	Planner(Map<String, Compiled> models) {
		this.models = models;
	}

	/**
	 * What {@code model} must build now.
	 * @param exists whether its table or view exists
	 * @param sqlHash the hash of the SQL it would build from now
	 * @param fullRefresh rebuild it from scratch whatever the state says
	 * @param restated dates of the model a restatement took back (rebuilt even when no
	 * input names them)
	 */
	Plan plan(String model, Intervals intervals, boolean exists, String sqlHash, boolean fullRefresh,
			Set<LocalDate> restated) {
		Compiled compiled = this.models.get(model);
		Intervals.Built whole = intervals.whole(model);
		boolean changed = whole == null || !sqlHash.equals(whole.sqlHash());
		if (fullRefresh || !exists || changed) {
			return new Plan(Plan.Kind.FULL, compiled.config().incremental() ? candidates(compiled, intervals) : null,
					fullRefresh ? "full refresh" : !exists ? "not built yet"
							: (whole == null) ? "no state of its build" : "its SQL changed");
		}
		if (!compiled.config().incremental()) {
			for (String input : inputs(compiled)) {
				if (newest(input, intervals) > whole.seq()) {
					return new Plan(Plan.Kind.FULL, null, input + " was built after it");
				}
			}
			return Plan.UP_TO_DATE;
		}
		for (String input : inputs(compiled)) {
			if (!perDate(input) && newest(input, intervals) > whole.seq()) {
				return new Plan(Plan.Kind.FULL, candidates(compiled, intervals), input + " was built after it");
			}
		}
		NavigableMap<LocalDate, Intervals.Built> mine = intervals.dates(model);
		int lookback = compiled.config().lookback();
		Set<LocalDate> missing = new TreeSet<>(restated);
		for (String input : inputs(compiled)) {
			if (!perDate(input)) {
				continue;
			}
			intervals.dates(input).forEach((date, built) -> {
				for (int back = 0; back <= lookback; back++) {
					LocalDate target = date.minusDays(back);
					Intervals.Built have = mine.get(target);
					if (have == null || built.seq() > have.seq()) {
						missing.add(target);
					}
				}
			});
		}
		return missing.isEmpty() ? Plan.UP_TO_DATE : new Plan(Plan.Kind.PARTITIONS, missing, null);
	}

	/** Every date an incremental model's inputs have, with its lookback. */
	private Set<LocalDate> candidates(Compiled compiled, Intervals intervals) {
		Set<LocalDate> candidates = new TreeSet<>();
		for (String input : inputs(compiled)) {
			if (perDate(input)) {
				for (LocalDate date : intervals.dates(input).keySet()) {
					for (int back = 0; back <= compiled.config().lookback(); back++) {
						candidates.add(date.minusDays(back));
					}
				}
			}
		}
		return candidates;
	}

	/**
	 * The nodes a model reads: the models it refs, the raw tables and seeds it reads.
	 */
	Set<String> inputs(Compiled compiled) {
		Set<String> inputs = new LinkedHashSet<>(compiled.refs());
		for (String source : compiled.sources()) {
			inputs.add(switch (source) {
				case "raw.events" -> RawLoader.EVENTS;
				// Rejected lake lines are loaded, and change, with the quarantine.
				case "raw.quarantine", "raw.rejects" -> RawLoader.QUARANTINE;
				default -> source.substring(source.indexOf('.') + 1);
			});
		}
		return inputs;
	}

	/** Whether a node is built per event date (raw events, incremental models). */
	private boolean perDate(String node) {
		Compiled model = this.models.get(node);
		return RawLoader.EVENTS.equals(node) || (model != null && model.config().incremental());
	}

	/**
	 * The newest build behind {@code node}: its own, or for a view (which holds no data)
	 * the newest of what it reads.
	 */
	private long newest(String node, Intervals intervals) {
		long newest = intervals.newest(node);
		Compiled model = this.models.get(node);
		if (model != null && "view".equals(model.config().materialized())) {
			for (String input : inputs(model)) {
				newest = Math.max(newest, newest(input, intervals));
			}
		}
		return newest;
	}

	/**
	 * What a model builds.
	 *
	 * @param kind everything, some dates, or nothing
	 * @param dates for an incremental model, the dates built (a full build: every date
	 * its inputs have)
	 * @param reason why a full build
	 */
	record Plan(Kind kind, Set<LocalDate> dates, String reason) {

		static final Plan UP_TO_DATE = new Plan(Kind.UP_TO_DATE, Set.of(), null);

		enum Kind {

			FULL, PARTITIONS, UP_TO_DATE

		}

	}

}
