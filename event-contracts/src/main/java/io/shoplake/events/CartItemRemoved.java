package io.shoplake.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code cart_item_removed}: Units of a product were taken out of the cart.
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
 * @param cartId Cart.
 * @param variantId Variant (SKU) of the product: one size, colour or capacity of it.
 * @param variant What the variant is, as the shop labels it, e.g. M, 42, 256 GB; One size
 * for products without variants.
 * @param productId Product.
 * @param quantity Units removed; &gt; 0.
 * @param unitPriceCents Price of one unit; &gt; 0.
 * @param currency Currency of unit_price_cents.
 */
public record CartItemRemoved(UUID eventId, int schemaVersion, Instant occurredAt, String sessionId, String anonymousId,
		String customerId, Device device, Geo geo, String cartId, String productId, String variantId, String variant,
		int quantity, long unitPriceCents, String currency) implements Event, CartItemEvent {
}
