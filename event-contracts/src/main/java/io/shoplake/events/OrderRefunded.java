package io.shoplake.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code order_refunded}: Some lines of an earlier order were refunded, usually days
 * later.
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
 * @param refundId Refund.
 * @param orderId Order refunded.
 * @param lineIds Lines refunded (distinct line_id values of the order).
 * @param amountCents Amount given back; &gt; 0 and never more than was paid for those
 * lines.
 * @param currency Currency of amount_cents.
 * @param reason Why it was refunded.
 */
public record OrderRefunded(UUID eventId, int schemaVersion, Instant occurredAt, String sessionId, String anonymousId,
		String customerId, Device device, Geo geo, String refundId, String orderId, List<String> lineIds,
		long amountCents, String currency, String reason) implements Event {

	public OrderRefunded {
		lineIds = List.copyOf(lineIds);
	}

}
