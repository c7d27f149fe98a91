package io.shoplake.transform.reconcile;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.shoplake.transform.warehouse.Warehouse;

/**
 * Reads, from the marts, every figure that reconciliation compares with the ledger: per
 * event date the sales of {@code fct_daily_sales}, the sessions of {@code fct_sessions},
 * each product of {@code fct_product_daily} and each campaign of
 * {@code fct_ad_attribution}; over all time the quarantine of
 * {@code fct_data_quality_daily} per stage.
 */
public final class MartFigures {

	/** The sales measures, as {@code fct_daily_sales} and the ledger name them. */
	static final List<String> SALES = List.of("orders", "units", "gross_cents", "discount_cents", "refunds",
			"refund_cents", "shipping_cents", "tax_cents", "tax_included_cents", "net_cents", "total_cents");

	private static final List<String> MARTS = List.of("fct_daily_sales", "fct_sessions", "fct_product_daily",
			"fct_ad_attribution", "fct_data_quality_daily");

	private final Warehouse warehouse;

	public MartFigures(Warehouse warehouse) {
		this.warehouse = warehouse;
	}

	/**
	 * Every non-zero figure of the event dates {@code first} to {@code last}, and the
	 * quarantine's.
	 * @throws MartsNotBuiltException if a mart is not built yet
	 */
	Map<Figure, Long> between(LocalDate first, LocalDate last) {
		for (String mart : MARTS) {
			if (!this.warehouse.exists(mart)) {
				throw new MartsNotBuiltException(mart);
			}
		}
		Map<Figure, Long> actual = new TreeMap<>();
		String from = first.toString();
		String to = last.toString();
		for (Map<String, Object> row : rows("SELECT * FROM " + relation("fct_daily_sales")
				+ " WHERE sales_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)", from, to)) {
			LocalDate day = date(row.get("sales_date"));
			SALES.forEach((measure) -> Figure.put(actual, new Figure(day, measure, null), number(row.get(measure))));
		}
		for (Map<String, Object> row : rows(
				"SELECT session_date, count(*) AS sessions FROM " + relation("fct_sessions")
						+ " WHERE session_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) GROUP BY session_date",
				from, to)) {
			Figure.put(actual, new Figure(date(row.get("session_date")), "sessions", null),
					number(row.get("sessions")));
		}
		for (Map<String, Object> row : rows("SELECT order_date, product_id, units, revenue_cents FROM "
				+ relation("fct_product_daily") + " WHERE order_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)", from,
				to)) {
			LocalDate day = date(row.get("order_date"));
			String product = (String) row.get("product_id");
			Figure.put(actual, new Figure(day, "product_units", product), number(row.get("units")));
			Figure.put(actual, new Figure(day, "product_revenue_cents", product), number(row.get("revenue_cents")));
		}
		for (Map<String, Object> row : rows("SELECT * FROM " + relation("fct_ad_attribution")
				+ " WHERE activity_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)", from, to)) {
			LocalDate day = date(row.get("activity_date"));
			String campaign = (String) row.get("campaign_id");
			Figure.put(actual, new Figure(day, "campaign_clicks", campaign), number(row.get("clicks")));
			Figure.put(actual, new Figure(day, "campaign_cost_micros", campaign), number(row.get("cost_micros")));
			Figure.put(actual, new Figure(day, "campaign_impressions", campaign), number(row.get("impressions")));
			Figure.put(actual, new Figure(day, "campaign_orders", campaign), number(row.get("orders")));
			Figure.put(actual, new Figure(day, "campaign_revenue_cents", campaign), number(row.get("revenue_cents")));
		}
		for (Map<String, Object> row : rows("SELECT stage, sum(messages) AS messages FROM "
				+ relation("fct_data_quality_daily") + " GROUP BY stage")) {
			Figure.put(actual, new Figure(null, "quarantined", (String) row.get("stage")), number(row.get("messages")));
		}
		return actual;
	}

	private List<Map<String, Object>> rows(String sql, Object... parameters) {
		return this.warehouse.query(sql, Integer.MAX_VALUE, parameters);
	}

	private String relation(String name) {
		return this.warehouse.relation(name);
	}

	private static long number(Object value) {
		return (value != null) ? ((Number) value).longValue() : 0;
	}

	private static LocalDate date(Object value) {
		return (value instanceof LocalDate day) ? day : LocalDate.parse(value.toString());
	}

}
