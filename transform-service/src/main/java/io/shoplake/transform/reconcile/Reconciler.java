package io.shoplake.transform.reconcile;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.shoplake.transform.warehouse.Warehouse;

/**
 * Compares the marts with the producer's ledger, figure by figure: per event date the
 * sales of {@code fct_daily_sales}, the sessions of {@code fct_sessions}, each product of
 * {@code fct_product_daily} and each campaign of {@code fct_ad_attribution}; and, over
 * all time, the quarantine of {@code fct_data_quality_daily} per stage with the poison
 * pills the producer sent. A figure missing on one side counts as zero there.
 *
 * <p>
 * The quarantine is compared over all time, not per day: quarantined records are dated by
 * publish time (a poison pill may have no readable event date at all), while the ledger
 * dates poison by the event it was derived from; in accelerated mode the two days differ.
 */
public final class Reconciler {

	/** Differences listed in a report at most (all are counted). */
	static final int MAX_LISTED = 500;

	private static final List<String> SALES = List.of("orders", "units", "gross_cents", "discount_cents", "refunds",
			"refund_cents", "shipping_cents", "tax_cents", "net_cents", "total_cents");

	private final Warehouse warehouse;

	public Reconciler(Warehouse warehouse) {
		this.warehouse = warehouse;
	}

	/**
	 * Reconciles event dates {@code from} to {@code to} (inclusive); {@code null} bounds
	 * take the ledger's first or last day.
	 * @throws MartsNotBuiltException if no run has built the marts yet
	 */
	public Reconciliation reconcile(NavigableMap<LocalDate, LedgerDay> ledger, LocalDate from, LocalDate to) {
		for (String mart : List.of("fct_daily_sales", "fct_sessions", "fct_product_daily", "fct_ad_attribution",
				"fct_data_quality_daily")) {
			if (!this.warehouse.exists(mart)) {
				throw new MartsNotBuiltException(mart);
			}
		}
		LocalDate first = (from != null) ? from : ledger.isEmpty() ? LocalDate.now() : ledger.firstKey();
		LocalDate last = (to != null) ? to : ledger.isEmpty() ? first : ledger.lastKey();
		if (last.isBefore(first)) {
			throw new IllegalArgumentException("to (" + last + ") is before from (" + first + ")");
		}
		Map<Figure, Long> expected = new TreeMap<>();
		ledger.subMap(first, true, last, true).forEach((day, totals) -> expectedOf(day, totals, expected));
		ledger.values()
			.forEach((totals) -> totals.poisonByStage()
				.forEach((stage, count) -> expected.merge(new Figure(null, "quarantined", stage), count, Long::sum)));
		Map<Figure, Long> actual = actualOf(first, last);

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
		ledger.values()
			.stream()
			.filter((totals) -> totals.poison() != null)
			.forEach((totals) -> totals.poison().forEach((kind, n) -> poison.merge(kind, n, Long::sum)));
		return new Reconciliation(first, last, warehouseAsOf(), figures.size(), count, count == 0, orders, net, poison,
				differences);
	}

	private static void expectedOf(LocalDate day, LedgerDay totals, Map<Figure, Long> expected) {
		long[] sales = { totals.orders(), totals.units(), totals.grossCents(), totals.discountCents(), totals.refunds(),
				totals.refundCents(), totals.shippingCents(), totals.taxCents(), totals.netCents(),
				totals.totalCents() };
		for (int i = 0; i < SALES.size(); i++) {
			put(expected, new Figure(day, SALES.get(i), null), sales[i]);
		}
		put(expected, new Figure(day, "sessions", null), totals.sessions());
		if (totals.products() != null) {
			totals.products().forEach((product, figures) -> {
				put(expected, new Figure(day, "product_units", product), figures.units());
				put(expected, new Figure(day, "product_revenue_cents", product), figures.revenueCents());
			});
		}
		if (totals.campaigns() != null) {
			totals.campaigns().forEach((campaign, figures) -> {
				put(expected, new Figure(day, "campaign_clicks", campaign), figures.clicks());
				put(expected, new Figure(day, "campaign_cost_micros", campaign), figures.costMicros());
				put(expected, new Figure(day, "campaign_orders", campaign), figures.orders());
				put(expected, new Figure(day, "campaign_revenue_cents", campaign), figures.revenueCents());
			});
		}
	}

	private Map<Figure, Long> actualOf(LocalDate first, LocalDate last) {
		Map<Figure, Long> actual = new TreeMap<>();
		String from = first.toString();
		String to = last.toString();
		for (Map<String, Object> row : rows("SELECT * FROM " + relation("fct_daily_sales")
				+ " WHERE sales_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)", from, to)) {
			LocalDate day = date(row.get("sales_date"));
			SALES.forEach((measure) -> put(actual, new Figure(day, measure, null), number(row.get(measure))));
		}
		for (Map<String, Object> row : rows(
				"SELECT session_date, count(*) AS sessions FROM " + relation("fct_sessions")
						+ " WHERE session_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) GROUP BY session_date",
				from, to)) {
			put(actual, new Figure(date(row.get("session_date")), "sessions", null), number(row.get("sessions")));
		}
		for (Map<String, Object> row : rows("SELECT order_date, product_id, units, revenue_cents FROM "
				+ relation("fct_product_daily") + " WHERE order_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)", from,
				to)) {
			LocalDate day = date(row.get("order_date"));
			String product = (String) row.get("product_id");
			put(actual, new Figure(day, "product_units", product), number(row.get("units")));
			put(actual, new Figure(day, "product_revenue_cents", product), number(row.get("revenue_cents")));
		}
		for (Map<String, Object> row : rows("SELECT * FROM " + relation("fct_ad_attribution")
				+ " WHERE activity_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)", from, to)) {
			LocalDate day = date(row.get("activity_date"));
			String campaign = (String) row.get("campaign_id");
			put(actual, new Figure(day, "campaign_clicks", campaign), number(row.get("clicks")));
			put(actual, new Figure(day, "campaign_cost_micros", campaign), number(row.get("cost_micros")));
			put(actual, new Figure(day, "campaign_orders", campaign), number(row.get("orders")));
			put(actual, new Figure(day, "campaign_revenue_cents", campaign), number(row.get("revenue_cents")));
		}
		for (Map<String, Object> row : rows("SELECT stage, sum(messages) AS messages FROM "
				+ relation("fct_data_quality_daily") + " GROUP BY stage")) {
			put(actual, new Figure(null, "quarantined", (String) row.get("stage")), number(row.get("messages")));
		}
		return actual;
	}

	private LocalDateTime warehouseAsOf() {
		List<Map<String, Object>> rows = rows("SELECT max(finished_at) AS finished_at FROM "
				+ relation("_shoplake_runs") + " WHERE status = 'success'");
		return rows.isEmpty() ? null : (LocalDateTime) rows.get(0).get("finished_at");
	}

	private List<Map<String, Object>> rows(String sql, Object... parameters) {
		return this.warehouse.query(sql, Integer.MAX_VALUE, parameters);
	}

	private String relation(String name) {
		return this.warehouse.relation(name);
	}

	private static void put(Map<Figure, Long> figures, Figure figure, long value) {
		if (value != 0) {
			figures.merge(figure, value, Long::sum);
		}
	}

	private static long number(Object value) {
		return (value != null) ? ((Number) value).longValue() : 0;
	}

	private static LocalDate date(Object value) {
		return (value instanceof LocalDate day) ? day : LocalDate.parse(value.toString());
	}

	/** One compared figure: a measure of a day (or of all time), maybe of one key. */
	private record Figure(LocalDate date, String measure, String key) implements Comparable<Figure> {

		@Override
		public int compareTo(Figure other) {
			int byDate = compare(this.date, other.date);
			if (byDate != 0) {
				return byDate;
			}
			int byMeasure = this.measure.compareTo(other.measure);
			return (byMeasure != 0) ? byMeasure : compare(this.key, other.key);
		}

		private static <T extends Comparable<T>> int compare(T left, T right) {
			if (left == null || right == null) {
				return (left == null) ? ((right == null) ? 0 : -1) : 1;
			}
			return left.compareTo(right);
		}

	}

}
