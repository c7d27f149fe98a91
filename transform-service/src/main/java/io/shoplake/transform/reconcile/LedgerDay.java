package io.shoplake.transform.reconcile;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One UTC event date of the producer's ledger, as {@code GET /ledger} serves it: what the
 * bus acknowledged, the oracle the marts must equal. Money in integer cents (ad cost in
 * micros).
 *
 * @param sessions sessions started
 * @param orders orders completed
 * @param units units ordered
 * @param grossCents quantity x unit price
 * @param discountCents line and order discounts
 * @param shippingCents shipping charged
 * @param taxCents tax charged
 * @param refunds refunds issued
 * @param refundCents refunded amount
 * @param netCents gross - discounts - refunds
 * @param totalCents net + shipping + tax
 * @param products product id → units and line revenue
 * @param campaigns campaign id → clicks, cost, last-click orders and revenue
 * @param poison poison kind → poison pills sent
 * @param poisonByStage ingest stage → poison pills that stage must reject
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedgerDay(long sessions, long orders, long units, long grossCents, long discountCents, long shippingCents,
		long taxCents, long refunds, long refundCents, long netCents, long totalCents, Map<String, Product> products,
		Map<String, Campaign> campaigns, Map<String, Long> poison, Map<String, Long> poisonByStage) {

	/**
	 * @param units units ordered
	 * @param revenueCents quantity x unit price - line discount
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Product(long units, long revenueCents) {
	}

	/**
	 * @param clicks ad clicks
	 * @param costMicros their cost
	 * @param orders orders whose last click was the campaign's
	 * @param revenueCents their subtotal - order discount
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Campaign(long clicks, long costMicros, long orders, long revenueCents) {
	}

}
