package io.shoplake.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code customer_registered}: A shopper created an account. From this event on, the
 * shopper's events carry customer_id.
 *
 * @param eventId Unique id of this event; a redelivery carries the same id.
 * @param schemaVersion Version of the event contract.
 * @param occurredAt When the shopper did it (event time), RFC 3339 UTC with milliseconds.
 * @param sessionId Session the event belongs to.
 * @param anonymousId Browser/device cookie id; stable across a shopper's sessions on one
 * device.
 * @param customerId The new customer's id (never null here).
 * @param device Device of the session.
 * @param geo Location of the shopper.
 * @param name Full name.
 * @param email E-mail address.
 * @param birthYear Year of birth; between 1900 and the current year.
 * @param postalCode Postal code of the customer's address, in the country's format; null
 * in version 1 events.
 * @param signupChannel Where the account was created.
 */
public record CustomerRegistered(UUID eventId, int schemaVersion, Instant occurredAt, String sessionId,
		String anonymousId, String customerId, Device device, Geo geo, String name, String email, int birthYear,
		String postalCode, String signupChannel) implements Event {
}
