package io.shoplake.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code ad_impressions_reported}: An ad platform's daily report of one campaign: its
 * impressions and daily budget on report_date, sent after that day ends. Shop-side: it
 * carries the back-office session sys_ads.
 *
 * @param eventId Unique id of this event; a redelivery carries the same id.
 * @param schemaVersion Version of this event type's contract.
 * @param occurredAt When the report arrived (event time), RFC 3339 UTC with milliseconds.
 * @param sessionId Session the event belongs to.
 * @param anonymousId Browser/device cookie id; stable across a shopper's sessions on one
 * device.
 * @param customerId Registered customer, or null while the shopper is anonymous.
 * @param device Device of the session.
 * @param geo Location of the shopper.
 * @param reportDate The UTC day the report covers.
 * @param campaignId Campaign reported; ad_clicked events name the same id.
 * @param campaignName The campaign's name as the marketer set it (its utm_campaign).
 * @param adPlatform Ad platform that served the impressions.
 * @param impressions Times the ads of the campaign were shown on report_date; &gt;= 0.
 * @param dailyBudgetMicros The daily budget the campaign had on report_date, in
 * millionths of the currency unit; &gt; 0.
 * @param currency Currency of daily_budget_micros.
 */
public record AdImpressionsReported(UUID eventId, int schemaVersion, Instant occurredAt, String sessionId,
		String anonymousId, String customerId, Device device, Geo geo, LocalDate reportDate, String campaignId,
		String campaignName, String adPlatform, int impressions, long dailyBudgetMicros,
		String currency) implements Event {
}
