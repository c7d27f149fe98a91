package io.shoplake.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code payment_failed}: A payment attempt at checkout failed; the shopper may retry.
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
 * @param reason Why the payment failed.
 */
public record PaymentFailed(UUID eventId, int schemaVersion, Instant occurredAt, String sessionId, String anonymousId,
		String customerId, Device device, Geo geo, String checkoutId, String reason) implements Event {
}
