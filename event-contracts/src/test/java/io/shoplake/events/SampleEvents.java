package io.shoplake.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One valid event of every type, built in Java (the schemas' examples are the JSON
 * twins).
 */
public final class SampleEvents {

	public static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private static final Instant AT = Instant.parse("2026-11-24T09:15:30.120Z");

	private static final Device DEVICE = new Device("mobile", "iOS", "Safari");

	private static final Geo GEO = new Geo("DE", "Bavaria", "Munich");

	private SampleEvents() {
	}

	private static UUID id(int n) {
		return UUID.fromString(String.format("3f0c2a7e-9b1d-4c5e-8f6a-1b2c3d4e5f%02x", n));
	}

	public static List<Event> all() {
		return List.of(
				new CustomerRegistered(id(0), 2, AT, "ses_1", "anon_1", "cus_1", DEVICE, GEO, "Anna Schmidt",
						"anna@example.com", 1988, "80331", "checkout"),
				new SessionStarted(id(1), 1, AT, "ses_1", "anon_1", null, DEVICE, GEO, "/c/shoes", null, "google",
						"cpc", "winter", "clk_1"),
				new AdClicked(id(2), 1, AT.minusMillis(1), "ses_1", "anon_1", null, DEVICE, GEO, "clk_1", "cmp_1",
						"google", 420_000, "EUR", "google", "cpc", "winter"),
				new PageViewed(id(3), 1, AT, "ses_1", "anon_1", null, DEVICE, GEO, "home", "/"),
				new SearchPerformed(id(4), 1, AT, "ses_1", "anon_1", null, DEVICE, GEO, "red shoes", 0),
				new ProductViewed(id(5), 2, AT, "ses_1", "anon_1", null, DEVICE, GEO, "prd_1", "Red Shoe", "Sneakers",
						"Fashion > Shoes > Sneakers", "Northpeak", 12_999, "EUR"),
				new CartItemAdded(id(6), 2, AT, "ses_1", "anon_1", null, DEVICE, GEO, "crt_1", "prd_1", "var_1", "42",
						2, 12_999, "EUR"),
				new CartItemRemoved(id(7), 2, AT, "ses_1", "anon_1", null, DEVICE, GEO, "crt_1", "prd_1", "var_1", "42",
						1, 12_999, "EUR"),
				new CheckoutStarted(id(8), 1, AT, "ses_1", "anon_1", "cus_1", DEVICE, GEO, "chk_1", "crt_1", 1, 12_999,
						"EUR"),
				new PaymentFailed(id(9), 1, AT, "ses_1", "anon_1", "cus_1", DEVICE, GEO, "chk_1", "card_declined"),
				order(),
				new OrderRefunded(id(11), 1, AT.plusSeconds(86_400 / 2), "ses_2", "anon_1", "cus_1", DEVICE, GEO,
						"rfd_1", "ord_1", List.of("ord_1-2"), 2_698, "EUR", "changed_mind"),
				new ProductPriceChanged(id(12), 1, AT, "sys_pricing", "sys_pricing", null,
						new Device("desktop", "Linux", "backoffice"), GEO, "prd_1", 12_999, 11_499, "EUR"),
				new AdImpressionsReported(id(13), 1, AT, "sys_ads", "sys_ads", null,
						new Device("desktop", "Linux", "backoffice"), GEO, java.time.LocalDate.of(2026, 11, 23),
						"cmp_1", "winter-sale-google", "google", 48_213, 150_000_000, "EUR"));
	}

	/**
	 * 1 x 129.99 + 2 x 14.99 - 3.00 line discount, 10% coupon, shipping and sales tax
	 * added on top.
	 */
	public static OrderCompleted order() {
		return new OrderCompleted(id(10), 2, AT, "ses_1", "anon_1", "cus_1", DEVICE, GEO, "ord_1", "chk_1",
				List.of(new OrderLine("ord_1-1", "prd_1", "var_1", "42", 1, 12_999, 0),
						new OrderLine("ord_1-2", "prd_2", "var_2", "One size", 2, 1_499, 300)),
				15_697, 1_570, 495, 2_599, false, 17_221, "EUR", "card", "WELCOME10", "clk_1");
	}

	/**
	 * The same basket in a shop whose prices include VAT: the total is what the lines,
	 * discount and shipping charge, and tax is the 19 % VAT inside it.
	 */
	public static OrderCompleted vatIncludedOrder() {
		OrderCompleted order = order();
		long total = order.subtotalCents() - order.discountCents() + order.shippingCents();
		return new OrderCompleted(order.eventId(), 2, order.occurredAt(), order.sessionId(), order.anonymousId(),
				order.customerId(), order.device(), order.geo(), order.orderId(), order.checkoutId(), order.lines(),
				order.subtotalCents(), order.discountCents(), order.shippingCents(), Math.round(total * 19.0 / 119),
				true, total, order.currency(), "klarna", order.couponCode(), order.clickId());
	}

}
