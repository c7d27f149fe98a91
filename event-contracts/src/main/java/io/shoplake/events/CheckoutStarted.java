package io.shoplake.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code checkout_started}: The shopper began checkout with a cart.
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
 * @param checkoutId Checkout.
 * @param cartId Cart checked out.
 * @param itemCount Units in the cart; &gt; 0.
 * @param subtotalCents Cart value before order discounts, shipping and tax; &gt; 0.
 * @param currency Currency of subtotal_cents.
 */
public record CheckoutStarted(UUID eventId, int schemaVersion, Instant occurredAt, String sessionId, String anonymousId,
		String customerId, Device device, Geo geo, String checkoutId, String cartId, int itemCount, long subtotalCents,
		String currency) implements Event {
}
