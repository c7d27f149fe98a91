package io.shoplake.transform.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.shoplake.events.ledger.LedgerDay;
import io.shoplake.transform.state.RunHistory;

/**
 * Compares the marts with the producer's ledger, figure by figure, at the watermark the
 * marts were built at: the ledger's checkpoint at that watermark counts exactly the
 * messages published up to it, which is what the marts show — so the comparison holds
 * while traffic flows. Without a watermark (the marts show everything loaded) it compares
 * with everything the ledger counts, which holds once traffic has stopped and a run has
 * loaded the rest. A figure missing on one side counts as zero there.
 *
 * <p>
 * The quarantine is compared over all time, not per day: quarantined records are dated by
 * publish time (a poison pill may have no readable event date at all), while the ledger
 * dates poison by the event it was derived from.
 */
public final class Reconciler {

	/** Differences listed in a report at most (all are counted). */
	static final int MAX_LISTED = 500;

	private final MartFigures marts;

	private final RunHistory history;

	private final LedgerClient ledger;

	public Reconciler(MartFigures marts, RunHistory history, LedgerClient ledger) {
		this.marts = marts;
		this.history = history;
		this.ledger = ledger;
	}

	/**
	 * Reconciles event dates {@code from} to {@code to} (inclusive); {@code null} bounds
	 * take the ledger's first or last day.
	 * @throws MartsNotBuiltException if no run has built the marts yet
	 * @throws LedgerClient.LedgerUnavailableException if the ledger (or its checkpoint at
	 * the marts' watermark) cannot be read
	 */
	public Reconciliation reconcile(LocalDate from, LocalDate to) {
		Map<String, Object> run = this.history.lastSuccess().orElseThrow(() -> new MartsNotBuiltException("any mart"));
		Instant watermark = (run.get("watermark") instanceof LocalDateTime at) ? at.toInstant(ZoneOffset.UTC) : null;
		LedgerClient.Checkpoint checkpoint = (watermark != null) ? this.ledger.checkpoint(watermark) : null;
		NavigableMap<LocalDate, LedgerDay> ledger = (checkpoint != null) ? checkpoint.days() : this.ledger.all();
		LocalDate first = (from != null) ? from : ledger.isEmpty() ? LocalDate.now(ZoneOffset.UTC) : ledger.firstKey();
		LocalDate last = (to != null) ? to : ledger.isEmpty() ? first : ledger.lastKey();
		if (last.isBefore(first)) {
			throw new IllegalArgumentException("to (" + last + ") is before from (" + first + ")");
		}
		Map<Figure, Long> expected = new TreeMap<>();
		ledger.subMap(first, true, last, true).forEach((day, totals) -> expectedOf(day, totals, expected));
		ledger.values()
			.forEach((totals) -> totals.poisonByStage()
				.forEach((stage, count) -> Figure.put(expected, new Figure(null, "quarantined", stage), count)));
		Map<Figure, Long> actual = this.marts.between(first, last);

		Set<Figure> figures = new TreeSet<>(expected.keySet());
		figures.addAll(actual.keySet());
		List<Difference> differences = new ArrayList<>();
		long count = 0;
		for (Figure figure : figures) {
			long want = expected.getOrDefault(figure, 0L);
			long got = actual.getOrDefault(figure, 0L);
			if (want != got) {
				count++;
				if (differences.size() < MAX_LISTED) {
					differences.add(new Difference(figure.date(), figure.measure(), figure.key(), want, got));
				}
			}
		}
		long orders = ledger.subMap(first, true, last, true).values().stream().mapToLong(LedgerDay::orders).sum();
		long net = ledger.subMap(first, true, last, true).values().stream().mapToLong(LedgerDay::netCents).sum();
		Map<String, Long> poison = new TreeMap<>();
		ledger.values().forEach((totals) -> totals.poison().forEach((kind, n) -> poison.merge(kind, n, Long::sum)));
		return new Reconciliation(first, last, (LocalDateTime) run.get("finished_at"), watermark,
				(checkpoint != null) ? checkpoint.unsettledBelow() : 0, figures.size(), count, count == 0, orders, net,
				poison, differences);
	}

	private static void expectedOf(LocalDate day, LedgerDay totals, Map<Figure, Long> expected) {
		long[] sales = { totals.orders(), totals.units(), totals.grossCents(), totals.discountCents(), totals.refunds(),
				totals.refundCents(), totals.shippingCents(), totals.taxCents(), totals.taxIncludedCents(),
				totals.netCents(), totals.totalCents() };
		for (int i = 0; i < MartFigures.SALES.size(); i++) {
			Figure.put(expected, new Figure(day, MartFigures.SALES.get(i), null), sales[i]);
		}
		Figure.put(expected, new Figure(day, "sessions", null), totals.sessions());
		totals.products().forEach((product, figures) -> {
			Figure.put(expected, new Figure(day, "product_units", product), figures.units());
			Figure.put(expected, new Figure(day, "product_revenue_cents", product), figures.revenueCents());
		});
		totals.campaigns().forEach((campaign, figures) -> {
			Figure.put(expected, new Figure(day, "campaign_clicks", campaign), figures.clicks());
			Figure.put(expected, new Figure(day, "campaign_cost_micros", campaign), figures.costMicros());
			Figure.put(expected, new Figure(day, "campaign_impressions", campaign), figures.impressions());
			Figure.put(expected, new Figure(day, "campaign_orders", campaign), figures.orders());
			Figure.put(expected, new Figure(day, "campaign_revenue_cents", campaign), figures.revenueCents());
		});
	}

}
