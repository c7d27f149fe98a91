package io.shoplake.producer.simulation;

import java.util.List;

import io.shoplake.events.Geo;

/**
 * A refund decided when the order was placed, issued when its time comes.
 *
 * @param at when the support desk issues it (epoch millis)
 * @param key sort key among plans due at the same time, and the key of its stream
 * @param anonymousId the customer's cookie
 * @param customerId the customer, or null for a guest order
 * @param geo where the customer is
 * @param orderId order refunded
 * @param lineIds lines refunded
 * @param amountCents amount given back
 * @param reason why
 */
record RefundPlan(long at, long key, String anonymousId, String customerId, Geo geo, String orderId,
		List<String> lineIds, long amountCents, String reason) {
}
