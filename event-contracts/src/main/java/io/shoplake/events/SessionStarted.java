package io.shoplake.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code session_started}: A visit began. Paid visits carry the click_id of the
 * ad_clicked event that led here.
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
 * @param landingPage Path of the first page, e.g. /c/shoes.
 * @param referrer Referring URL, or null for direct traffic.
 * @param utmSource utm_source of the landing URL, or null.
 * @param utmMedium utm_medium of the landing URL, or null.
 * @param utmCampaign utm_campaign of the landing URL, or null.
 * @param clickId Ad click that started the visit, or null.
 */
public record SessionStarted(UUID eventId, int schemaVersion, Instant occurredAt, String sessionId, String anonymousId,
		String customerId, Device device, Geo geo, String landingPage, String referrer, String utmSource,
		String utmMedium, String utmCampaign, String clickId) implements Event {
}
