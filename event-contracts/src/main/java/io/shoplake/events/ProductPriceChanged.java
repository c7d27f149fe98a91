package io.shoplake.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code product_price_changed}: The shop changed a product's list price; product views
 * after it show the new price.
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
 * @param productId Product.
 * @param oldPriceCents Price before; &gt; 0.
 * @param newPriceCents Price after; &gt; 0, differs from old_price_cents.
 * @param currency Currency of both prices.
 */
public record ProductPriceChanged(UUID eventId, int schemaVersion, Instant occurredAt, String sessionId,
		String anonymousId, String customerId, Device device, Geo geo, String productId, long oldPriceCents,
		long newPriceCents, String currency) implements Event {
}
