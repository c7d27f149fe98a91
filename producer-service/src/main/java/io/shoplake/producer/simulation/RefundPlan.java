package io.shoplake.producer.simulation;

import java.time.Instant;
import java.util.List;

/**
 * A refund decided when the order was placed, emitted when its time comes.
 *
 * @param at when the refund happens
 * @param key sort key among plans due at the same time
 * @param visitor who ordered
 * @param orderId order refunded
 * @param lineIds lines refunded
 * @param amountCents amount given back
 * @param reason why
 */
record RefundPlan(Instant at, long key, int visitor, String orderId, List<String> lineIds, long amountCents,
		String reason) {
}
