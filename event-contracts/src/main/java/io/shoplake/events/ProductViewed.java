package io.shoplake.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code product_viewed}: A product detail page was shown.
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
 * @param productId Product shown.
 * @param productName Product name at the time.
 * @param category Leaf category: the last level of category_path.
 * @param categoryPath Where the product sits in the category tree, top level first,
 * levels joined by " &gt; ", e.g. Fashion &gt; Women &gt; Dresses; null in version 1
 * events.
 * @param brand Brand.
 * @param priceCents Current price; &gt; 0.
 * @param currency Currency of price_cents.
 */
public record ProductViewed(UUID eventId, int schemaVersion, Instant occurredAt, String sessionId, String anonymousId,
		String customerId, Device device, Geo geo, String productId, String productName, String category,
		String categoryPath, String brand, long priceCents, String currency) implements Event {
}
