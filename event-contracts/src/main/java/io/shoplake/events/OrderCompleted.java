package io.shoplake.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code order_completed}: An order was placed and paid. Amounts add up exactly: subtotal
 * = sum(quantity x unit_price - line discount); total = subtotal - discount + shipping +
 * tax.
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
 * @param taxCents Tax charged; &gt;= 0.
 * @param totalCents Amount paid: subtotal - discount + shipping + tax.
 * @param currency Currency of all amounts.
 * @param paymentMethod How the order was paid.
 * @param couponCode Coupon applied, or null.
 * @param clickId Last ad click before the order (attribution), or null.
 */
public record OrderCompleted(UUID eventId, int schemaVersion, Instant occurredAt, String sessionId, String anonymousId,
		String customerId, Device device, Geo geo, String orderId, String checkoutId, List<OrderLine> lines,
		long subtotalCents, long discountCents, long shippingCents, long taxCents, long totalCents, String currency,
		String paymentMethod, String couponCode, String clickId) implements Event {

	public OrderCompleted {
		lines = List.copyOf(lines);
	}

}
