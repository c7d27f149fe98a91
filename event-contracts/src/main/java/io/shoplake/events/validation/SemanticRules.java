package io.shoplake.events.validation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.shoplake.events.AdClicked;
import io.shoplake.events.AdImpressionsReported;
import io.shoplake.events.CartItemEvent;
import io.shoplake.events.CheckoutStarted;
import io.shoplake.events.CustomerRegistered;
import io.shoplake.events.Event;
import io.shoplake.events.OrderCompleted;
import io.shoplake.events.OrderLine;
import io.shoplake.events.OrderRefunded;
import io.shoplake.events.ProductPriceChanged;
import io.shoplake.events.ProductViewed;
import io.shoplake.events.SearchPerformed;
import io.shoplake.events.TimeWindow;

/**
 * The contract rules that one event can show and a JSON Schema cannot: money adds up to
 * the cent, quantities and amounts are positive, the time is within the contract's
 * {@link TimeWindow}. Rules across events (foreign keys, refunds within what was paid)
 * are the warehouse's data tests.
 */
final class SemanticRules {

	private static final int MIN_BIRTH_YEAR = 1900;

	private final Clock clock;

	private final TimeWindow window;

	SemanticRules(Clock clock, TimeWindow window) {
		this.clock = clock;
		this.window = window;
	}

	List<ValidationError> check(Event event) {
		Errors errors = new Errors();
		Instant now = this.clock.instant();
		String outside = this.window.violation("occurred_at", event.occurredAt(), now);
		if (outside != null) {
			errors.add("/occurred_at", outside);
		}
		if (event instanceof CustomerRegistered registered) {
			int thisYear = now.atZone(ZoneOffset.UTC).getYear();
			if (registered.birthYear() < MIN_BIRTH_YEAR || registered.birthYear() > thisYear) {
				errors.add("/birth_year", "birth_year " + registered.birthYear() + " is not between " + MIN_BIRTH_YEAR
						+ " and " + thisYear);
			}
		}
		else if (event instanceof AdClicked click) {
			errors.positive("/cost_micros", click.costMicros());
		}
		else if (event instanceof SearchPerformed search) {
			errors.notNegative("/results_count", search.resultsCount());
		}
		else if (event instanceof ProductViewed view) {
			errors.positive("/price_cents", view.priceCents());
		}
		else if (event instanceof CartItemEvent item) {
			errors.positive("/quantity", item.quantity());
			errors.positive("/unit_price_cents", item.unitPriceCents());
		}
		else if (event instanceof CheckoutStarted checkout) {
			errors.positive("/item_count", checkout.itemCount());
			errors.positive("/subtotal_cents", checkout.subtotalCents());
		}
		else if (event instanceof OrderCompleted order) {
			checkOrder(order, errors);
		}
		else if (event instanceof OrderRefunded refund) {
			errors.positive("/amount_cents", refund.amountCents());
			errors.distinct("/line_ids", refund.lineIds());
		}
		else if (event instanceof AdImpressionsReported report) {
			errors.notNegative("/impressions", report.impressions());
			errors.positive("/daily_budget_micros", report.dailyBudgetMicros());
			String early = this.window.violation("report_date", report.reportDate(), now);
			if (early != null) {
				errors.add("/report_date", early);
			}
			if (!report.reportDate().isBefore(LocalDate.ofInstant(report.occurredAt(), ZoneOffset.UTC))) {
				errors.add("/report_date",
						"report_date " + report.reportDate() + " is not before the day the report " + "arrived ("
								+ LocalDate.ofInstant(report.occurredAt(), ZoneOffset.UTC) + "); a daily report "
								+ "covers a day that has ended");
			}
		}
		else if (event instanceof ProductPriceChanged change) {
			errors.positive("/old_price_cents", change.oldPriceCents());
			errors.positive("/new_price_cents", change.newPriceCents());
			if (change.oldPriceCents() == change.newPriceCents()) {
				errors.add("/new_price_cents", "new_price_cents equals old_price_cents; a price change must change it");
			}
		}
		return errors.list;
	}

	private void checkOrder(OrderCompleted order, Errors errors) {
		long linesNet = 0;
		boolean linesValid = true;
		Set<String> lineIds = new HashSet<>();
		for (int i = 0; i < order.lines().size(); i++) {
			OrderLine line = order.lines().get(i);
			String at = "/lines/" + i;
			boolean valid = errors.positive(at + "/quantity", line.quantity())
					& errors.positive(at + "/unit_price_cents", line.unitPriceCents())
					& errors.notNegative(at + "/discount_cents", line.discountCents());
			if (!lineIds.add(line.lineId())) {
				errors.add(at + "/line_id", "line_id '" + line.lineId() + "' appears twice in the order");
			}
			if (!valid) {
				linesValid = false;
				continue;
			}
			try {
				if (line.discountCents() > line.grossCents()) {
					errors.add(at + "/discount_cents", "discount_cents " + line.discountCents()
							+ " exceeds the line's quantity x unit_price_cents = " + line.grossCents());
				}
				linesNet = Math.addExact(linesNet, line.netCents());
			}
			catch (ArithmeticException ex) {
				errors.add(at, "line amounts overflow 64-bit cents");
				linesValid = false;
			}
		}
		boolean amountsValid = errors.notNegative("/discount_cents", order.discountCents())
				& errors.notNegative("/shipping_cents", order.shippingCents())
				& errors.notNegative("/tax_cents", order.taxCents())
				& errors.positive("/total_cents", order.totalCents());
		if (linesValid && linesNet != order.subtotalCents()) {
			errors.add("/subtotal_cents", "subtotal_cents is " + order.subtotalCents() + " but the lines add up to "
					+ linesNet + " (sum of quantity x unit_price_cents - discount_cents)");
		}
		if (order.discountCents() > order.subtotalCents()) {
			errors.add("/discount_cents",
					"discount_cents " + order.discountCents() + " exceeds subtotal_cents " + order.subtotalCents());
		}
		if (amountsValid) {
			try {
				long beforeTax = Math.addExact(Math.subtractExact(order.subtotalCents(), order.discountCents()),
						order.shippingCents());
				long expected = Math.addExact(beforeTax, order.addedTaxCents());
				if (expected != order.totalCents()) {
					errors.add("/total_cents", "total_cents is " + order.totalCents() + " but subtotal_cents - "
							+ "discount_cents + shipping_cents" + (order.pricesIncludeTax() ? "" : " + tax_cents")
							+ " = " + expected + (order.pricesIncludeTax() ? " (prices include tax)" : ""));
				}
				if (order.pricesIncludeTax() && order.taxCents() >= beforeTax && order.taxCents() > 0) {
					errors.add("/tax_cents",
							"tax_cents " + order.taxCents() + " is not a part of what the order "
									+ "charges (subtotal_cents - discount_cents + shipping_cents = " + beforeTax
									+ "), though its prices include tax");
				}
			}
			catch (ArithmeticException ex) {
				errors.add("/total_cents", "order amounts overflow 64-bit cents");
			}
		}
	}

	/**
	 * Collects errors; the checks answer whether they passed, to skip sums over bad
	 * values.
	 */
	private static final class Errors {

		private final List<ValidationError> list = new ArrayList<>(0);

		void add(String path, String message) {
			this.list.add(ValidationError.semantic(path, message));
		}

		boolean positive(String path, long value) {
			if (value > 0) {
				return true;
			}
			add(path, name(path) + " must be greater than 0, was " + value);
			return false;
		}

		boolean notNegative(String path, long value) {
			if (value >= 0) {
				return true;
			}
			add(path, name(path) + " must not be negative, was " + value);
			return false;
		}

		void distinct(String path, List<String> values) {
			Set<String> seen = new HashSet<>();
			for (int i = 0; i < values.size(); i++) {
				if (!seen.add(values.get(i))) {
					add(path + "/" + i, "'" + values.get(i) + "' appears twice in " + name(path));
				}
			}
		}

		private static String name(String path) {
			return path.substring(path.lastIndexOf('/') + 1);
		}

	}

}
