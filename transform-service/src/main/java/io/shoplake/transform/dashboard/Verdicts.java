package io.shoplake.transform.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

import io.shoplake.transform.reconcile.LedgerClient;
import io.shoplake.transform.reconcile.MartsNotBuiltException;
import io.shoplake.transform.reconcile.Reconciler;
import io.shoplake.transform.reconcile.Reconciliation;

/**
 * The verdicts the dashboard shows at a glance: whether the marts equal the producer's
 * ledger (at the watermark they were built at).
 */
public final class Verdicts {

	private final Reconciler reconciler;

	public Verdicts(Reconciler reconciler) {
		this.reconciler = reconciler;
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
