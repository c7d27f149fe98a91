package io.shoplake.transform.dashboard;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shoplake.transform.warehouse.Warehouse;

/**
 * Reads the marts behind the dashboard's panels: every figure for an inclusive UTC date
 * range. Before the first run has built a mart, its figures are empty rather than an
 * error.
 */
public final class DashboardRepository {

	private static final String RANGE = " BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)";

	private final Warehouse warehouse;

	public DashboardRepository(Warehouse warehouse) {
		this.warehouse = warehouse;
	}

	/**
	 * The default range — the last {@code days} days that have sessions (all of them when
	 * fewer) — and the first and last day with sessions; nulls before the funnel is
	 * built.
	 */
	Map<String, Object> range(int days) {
		Map<String, Object> range = new LinkedHashMap<>();
		range.put("from", null);
		range.put("to", null);
		range.put("first", null);
		range.put("last", null);
		if (built("fct_funnel_daily")) {
			List<LocalDate> recent = this.warehouse
				.query("SELECT session_date FROM " + table("fct_funnel_daily")
						+ " WHERE sessions > 0 ORDER BY session_date DESC", days)
				.stream()
				.map((row) -> (LocalDate) row.get("session_date"))
				.toList();
			if (!recent.isEmpty()) {
				Map<String, Object> row = rows("SELECT min(session_date) AS first_day FROM " + table("fct_funnel_daily")
						+ " WHERE sessions > 0")
					.get(0);
				range.put("from", recent.get(recent.size() - 1));
				range.put("to", recent.get(0));
				range.put("first", row.get("first_day"));
				range.put("last", recent.get(0));
			}
		}
		return range;
	}

	/**
	 * Revenue, orders, average order value, conversion and refunds by event date; late
	 * events by event date; the quarantine rate by publish date (the quarantine's only
	 * date): quarantined / (valid events + quarantined) published in the range.
	 */
	Map<String, Object> kpis(LocalDate from, LocalDate to) {
		long orders = 0;
		long net = 0;
		long gross = 0;
		long discounts = 0;
		long refunds = 0;
		long refundCents = 0;
		if (built("fct_daily_sales")) {
			Map<String, Object> sales = rows("SELECT sum(orders) AS orders, sum(net_cents) AS net_cents, "
					+ "sum(gross_cents) AS gross_cents, sum(discount_cents) AS discount_cents, sum(refunds) AS refunds, "
					+ "sum(refund_cents) AS refund_cents FROM " + table("fct_daily_sales") + " WHERE sales_date"
					+ RANGE, from, to)
				.get(0);
			orders = number(sales.get("orders"));
			net = number(sales.get("net_cents"));
			gross = number(sales.get("gross_cents"));
			discounts = number(sales.get("discount_cents"));
			refunds = number(sales.get("refunds"));
			refundCents = number(sales.get("refund_cents"));
		}
		long sessions = 0;
		long converted = 0;
		if (built("fct_funnel_daily")) {
			Map<String, Object> funnel = rows("SELECT sum(sessions) AS sessions, sum(with_order) AS with_order FROM "
					+ table("fct_funnel_daily") + " WHERE session_date" + RANGE, from, to)
				.get(0);
			sessions = number(funnel.get("sessions"));
			converted = number(funnel.get("with_order"));
		}
		long events = 0;
		long late = 0;
		if (built("fct_events_daily")) {
			Map<String, Object> row = rows("SELECT sum(events) AS events, sum(late_events) AS late_events FROM "
					+ table("fct_events_daily") + " WHERE event_date" + RANGE, from, to)
				.get(0);
			events = number(row.get("events"));
			late = number(row.get("late_events"));
		}
		long arrived = 0;
		long quarantined = 0;
		if (built("fct_arrivals_daily")) {
			Map<String, Object> row = rows("SELECT sum(events) AS events, sum(quarantined) AS quarantined FROM "
					+ table("fct_arrivals_daily") + " WHERE publish_date" + RANGE, from, to)
				.get(0);
			arrived = number(row.get("events"));
			quarantined = number(row.get("quarantined"));
		}
		Map<String, Object> kpis = new LinkedHashMap<>();
		kpis.put("from", from);
		kpis.put("to", to);
		kpis.put("net_revenue_cents", net);
		kpis.put("orders", orders);
		kpis.put("average_order_value_cents", (orders > 0) ? Math.round((double) (gross - discounts) / orders) : null);
		kpis.put("sessions", sessions);
		kpis.put("conversion_rate", ratio(converted, sessions));
		kpis.put("refunds", refunds);
		kpis.put("refund_cents", refundCents);
		kpis.put("events", events);
		kpis.put("late_events", late);
		kpis.put("late_rate", ratio(late, events));
		kpis.put("messages_published", arrived + quarantined);
		kpis.put("quarantined", quarantined);
		kpis.put("quarantine_rate", ratio(quarantined, arrived + quarantined));
		return kpis;
	}

	/**
	 * Per day: orders, units, gross, discounts, refunds, net and total revenue (cents).
	 */
	List<Map<String, Object>> dailySales(LocalDate from, LocalDate to) {
		return built("fct_daily_sales") ? rows(
				"SELECT * FROM " + table("fct_daily_sales") + " WHERE sales_date" + RANGE + " ORDER BY sales_date",
				from, to) : List.of();
	}

	/** Products by net revenue in the range, with name, category and brand. */
	List<Map<String, Object>> topProducts(LocalDate from, LocalDate to, int limit) {
		if (!built("fct_product_daily") || !built("dim_products")) {
			return List.of();
		}
		return this.warehouse.query("SELECT f.product_id, p.product_name, p.category, p.brand, sum(f.units) AS units, "
				+ "sum(f.orders) AS orders, sum(f.revenue_cents) AS revenue_cents FROM " + table("fct_product_daily")
				+ " f LEFT JOIN " + table("dim_products") + " p ON p.product_id = f.product_id WHERE f.order_date"
				+ RANGE + " GROUP BY f.product_id, p.product_name, p.category, p.brand"
				+ " ORDER BY revenue_cents DESC, f.product_id", limit, from.toString(), to.toString());
	}

	/** Leaf categories by net revenue in the range, with their path and top category. */
	List<Map<String, Object>> categories(LocalDate from, LocalDate to, int limit) {
		if (!built("fct_product_daily") || !built("dim_products")) {
			return List.of();
		}
		return this.warehouse.query(
				"SELECT p.top_category, p.category_path, sum(f.units) AS units, "
						+ "sum(f.revenue_cents) AS revenue_cents FROM " + table("fct_product_daily") + " f JOIN "
						+ table("dim_products") + " p ON p.product_id = f.product_id WHERE f.order_date" + RANGE
						+ " GROUP BY p.top_category, p.category_path ORDER BY revenue_cents DESC, p.category_path",
				limit, from.toString(), to.toString());
	}

	/** Sessions reaching each step: session, product view, cart, checkout, order. */
	List<Map<String, Object>> funnel(LocalDate from, LocalDate to) {
		if (!built("fct_funnel_daily")) {
			return List.of();
		}
		Map<String, Object> row = rows("SELECT sum(sessions) AS sessions, sum(with_product_view) AS product_views, "
				+ "sum(with_cart) AS carts, sum(with_checkout) AS checkouts, sum(with_order) AS orders FROM "
				+ table("fct_funnel_daily") + " WHERE session_date" + RANGE, from, to)
			.get(0);
		long sessions = number(row.get("sessions"));
		return List.of("sessions", "product_views", "carts", "checkouts", "orders").stream().map((step) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("step", step);
			entry.put("sessions", number(row.get(step)));
			entry.put("share_of_sessions", ratio(number(row.get(step)), sessions));
			return entry;
		}).toList();
	}

	/** Per campaign (last click): clicks, cost, orders, revenue and ROAS. */
	List<Map<String, Object>> attribution(LocalDate from, LocalDate to) {
		if (!built("fct_ad_attribution") || !built("dim_campaigns")) {
			return List.of();
		}
		return rows("SELECT a.campaign_id, c.platform_name, c.channel, c.utm_campaign, sum(a.clicks) AS clicks, "
				+ "sum(a.cost_micros) AS cost_micros, sum(a.orders) AS orders, sum(a.revenue_cents) AS revenue_cents, "
				+ "CASE WHEN sum(a.cost_micros) > 0 THEN sum(a.revenue_cents) * 10000.0 / sum(a.cost_micros) END AS roas "
				+ "FROM " + table("fct_ad_attribution") + " a LEFT JOIN " + table("dim_campaigns")
				+ " c ON c.campaign_id = a.campaign_id WHERE a.activity_date" + RANGE
				+ " GROUP BY a.campaign_id, c.platform_name, c.channel, c.utm_campaign"
				+ " ORDER BY revenue_cents DESC, a.campaign_id", from, to);
	}

	/**
	 * Per publish day and stage: quarantined messages; per event day: valid and late
	 * events.
	 */
	Map<String, Object> dataQuality(LocalDate from, LocalDate to) {
		Map<String, Object> quality = new LinkedHashMap<>();
		quality.put("quarantined",
				built("fct_data_quality_daily")
						? rows("SELECT publish_date, stage, messages FROM " + table("fct_data_quality_daily")
								+ " WHERE publish_date" + RANGE + " ORDER BY publish_date, stage", from, to)
						: List.of());
		quality.put("events",
				built("fct_events_daily") ? rows("SELECT event_date, sum(events) AS events, "
						+ "sum(late_events) AS late_events FROM " + table("fct_events_daily") + " WHERE event_date"
						+ RANGE + " GROUP BY event_date ORDER BY event_date", from, to) : List.of());
		quality.put("arrivals",
				built("fct_arrivals_daily") ? rows("SELECT publish_date, events, late_events, quarantined FROM "
						+ table("fct_arrivals_daily") + " WHERE publish_date" + RANGE + " ORDER BY publish_date", from,
						to) : List.of());
		return quality;
	}

	private boolean built(String mart) {
		return this.warehouse.exists(mart);
	}

	private String table(String mart) {
		return this.warehouse.relation(mart);
	}

	private List<Map<String, Object>> rows(String sql, LocalDate from, LocalDate to) {
		return this.warehouse.query(sql, Integer.MAX_VALUE, from.toString(), to.toString());
	}

	private List<Map<String, Object>> rows(String sql) {
		return this.warehouse.query(sql, Integer.MAX_VALUE);
	}

	private static long number(Object value) {
		return (value != null) ? ((Number) value).longValue() : 0;
	}

	private static Double ratio(long part, long whole) {
		return (whole > 0) ? (double) part / whole : null;
	}

}
