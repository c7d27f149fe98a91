package io.shoplake.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code search_performed}: The shopper searched the catalog.
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
 * @param query Search text as typed.
 * @param resultsCount Number of products found; &gt;= 0.
 */
public record SearchPerformed(UUID eventId, int schemaVersion, Instant occurredAt, String sessionId, String anonymousId,
		String customerId, Device device, Geo geo, String query, int resultsCount) implements Event {
}
