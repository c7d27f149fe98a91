package io.shoplake.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code ad_clicked}: A shopper clicked an ad; the next session_started carries its
 * click_id.
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
 * @param clickId Unique id of the click.
 * @param campaignId Campaign of the ad.
 * @param adPlatform Ad platform.
 * @param costMicros Cost of the click in millionths of the currency unit; &gt; 0.
 * @param currency Currency of cost_micros.
 * @param utmSource utm_source of the ad's target URL.
 * @param utmMedium utm_medium of the ad's target URL.
 * @param utmCampaign utm_campaign of the ad's target URL.
 */
public record AdClicked(UUID eventId, int schemaVersion, Instant occurredAt, String sessionId, String anonymousId,
		String customerId, Device device, Geo geo, String clickId, String campaignId, String adPlatform,
		long costMicros, String currency, String utmSource, String utmMedium, String utmCampaign) implements Event {
}
