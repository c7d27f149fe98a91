package io.shoplake.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code order_completed}: An order was placed and paid. Amounts add up exactly: subtotal
 * = sum(quantity x unit_price - line discount); total = subtotal - discount + shipping,
 * plus tax when prices do not include it.
 *
 * @param eventId Unique id of this event; a redelivery carries the same id.
 * @param schemaVersion Version of the event contract.
 * @param occurredAt When the shopper did it (event time), RFC 3339 UTC with milliseconds.
 * @param sessionId Session the event belongs to.
 * @param anonymousId Browser/device cookie id; stable across a shopper's sessions on one
 * device.
 * @param customerId Registered customer, or null while the shopper is anonymous.
 * @param device Device of the session.
 * @param geo Location of the shopper.
 * @param orderId Order.
 * @param checkoutId Checkout that became this order.
 * @param lines Order lines (1-100).
 * @param subtotalCents Sum over lines of quantity x unit price minus line discounts.
 * @param discountCents Order-level discount (e.g. a coupon); 0 &lt;= discount &lt;=
 * subtotal.
 * @param shippingCents Shipping charged; &gt;= 0.
 * @param taxCents Tax of the order: the VAT the prices contain when prices_include_tax,
 * else the sales tax added on top; &gt;= 0.
 * @param pricesIncludeTax Whether prices, discounts and shipping include tax_cents (VAT,
 * as in the EU) or tax is added on top (sales tax, as in the US and Canada); false in
 * version 1 events, whose tax was always added.
 * @param totalCents Amount paid: subtotal - discount + shipping, + tax when
 * prices_include_tax is false.
 * @param currency Currency of all amounts.
 * @param paymentMethod How the order was paid.
 * @param couponCode Coupon applied, or null.
 * @param clickId Last ad click before the order (attribution), or null.
 */
public record OrderCompleted(UUID eventId, int schemaVersion, Instant occurredAt, String sessionId, String anonymousId,
		String customerId, Device device, Geo geo, String orderId, String checkoutId, List<OrderLine> lines,
		long subtotalCents, long discountCents, long shippingCents, long taxCents, boolean pricesIncludeTax,
		long totalCents, String currency, String paymentMethod, String couponCode, String clickId) implements Event {

	public OrderCompleted {
		lines = List.copyOf(lines);
	}

	/** The tax added on top of the prices: all of it, or none when prices include it. */
	public long addedTaxCents() {
		return this.pricesIncludeTax ? 0 : this.taxCents;
	}

}
