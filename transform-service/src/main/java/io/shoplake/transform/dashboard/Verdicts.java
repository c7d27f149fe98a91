package io.shoplake.transform.dashboard;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.shoplake.transform.reconcile.LedgerClient;
import io.shoplake.transform.reconcile.MartsNotBuiltException;
import io.shoplake.transform.reconcile.Reconciler;
import io.shoplake.transform.reconcile.Reconciliation;
import tools.jackson.databind.JsonNode;

/**
 * The verdicts the dashboard shows at a glance: whether the marts equal the producer's
 * ledger (at the watermark they were built at), and whether the generated shop reads like
 * a real one.
 */
public final class Verdicts {

	/** Sessions a realism card needs before its verdict means something. */
	static final long ENOUGH_SESSIONS = 20_000;

	private final Reconciler reconciler;

	private final LedgerClient producer;

	public Verdicts(Reconciler reconciler, LedgerClient producer) {
		this.reconciler = reconciler;
		this.producer = producer;
	}

	/**
	 * Whether the generated shop reads like a real one in the range (the producer's
	 * realism card): {@code state} {@code in_band} (every metric that could be measured
	 * in band, every tell that could be judged passed), {@code out_of_band},
	 * {@code few_sessions} (too few to judge), {@code none} (nothing generated then) or
	 * {@code unavailable}; with the counts.
	 */
	Map<String, Object> realism(LocalDate from, LocalDate to) {
		Map<String, Object> verdict = new LinkedHashMap<>();
		try {
			Optional<JsonNode> card = this.producer.realism(from, to);
			if (card.isEmpty()) {
				verdict.put("state", "none");
				return verdict;
			}
			int measured = 0;
			int inBand = 0;
			for (JsonNode metric : card.get().path("metrics")) {
				String said = metric.path("verdict").asString("");
				measured += said.equals("n/a") ? 0 : 1;
				inBand += said.equals("in band") ? 1 : 0;
			}
			int tells = 0;
			int passed = 0;
			for (JsonNode tell : card.get().path("tells")) {
				if (tell.path("measurable").asBoolean(false)) {
					tells++;
					passed += tell.path("passed").asBoolean(false) ? 1 : 0;
				}
			}
			long sessions = card.get().path("sessions").asLong();
			// Bands are shares of sessions: a few thousand sessions cannot tell a 2.5 %
			// conversion from a 3.5 % one.
			verdict.put("state", (sessions < ENOUGH_SESSIONS) ? "few_sessions"
					: (inBand == measured && passed == tells) ? "in_band" : "out_of_band");
			verdict.put("metrics", card.get().path("metrics").size());
			verdict.put("measured", measured);
			verdict.put("in_band", inBand);
			verdict.put("tells", tells);
			verdict.put("tells_passed", passed);
			verdict.put("sessions", sessions);
		}
		catch (LedgerClient.LedgerUnavailableException ex) {
			verdict.put("state", "unavailable");
			verdict.put("detail", ex.getMessage());
		}
		return verdict;
	}

	/**
	 * {@code state}: {@code matched}, {@code differences}, {@code not_built} (no run has
	 * built the marts) or {@code unavailable} (the ledger cannot be read); with the
	 * counts and the watermark when there is a comparison.
	 */
	Map<String, Object> reconciliation() {
		Map<String, Object> verdict = new LinkedHashMap<>();
		try {
			Reconciliation reconciliation = this.reconciler.reconcile(null, null);
			verdict.put("state", reconciliation.matched() ? "matched" : "differences");
			verdict.put("difference_count", reconciliation.differenceCount());
			verdict.put("figures_compared", reconciliation.figuresCompared());
			verdict.put("watermark", reconciliation.watermark());
			verdict.put("warehouse_as_of", reconciliation.warehouseAsOf());
			verdict.put("from", reconciliation.from());
			verdict.put("to", reconciliation.to());
		}
		catch (MartsNotBuiltException ex) {
			verdict.put("state", "not_built");
			verdict.put("detail", ex.getMessage());
		}
		catch (LedgerClient.LedgerUnavailableException ex) {
			verdict.put("state", "unavailable");
			verdict.put("detail", ex.getMessage());
		}
		return verdict;
	}

}
