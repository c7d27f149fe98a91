package io.shoplake.events.ledger;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One UTC event date of the producer's ledger: what the bus acknowledged, the oracle the
 * marts must equal. The producer serves it ({@code GET /ledger}); transform reads it to
 * reconcile. Sales follow the platform's definitions (Shopify's): gross = Σ quantity ×
 * unit price on the order's date; discounts = line and order discounts on the order's
 * date; refunds on the refund's date; net = gross − discounts − refunds; total = net +
 * shipping + tax − the tax already inside the prices (EU VAT is part of gross; sales tax
 * is added on top), i.e. what the orders charged less what was refunded. Money in integer
 * cents, ad cost in micros. A reader must get every figure: a missing one is an error,
 * never a zero (read with {@code FAIL_ON_MISSING_CREATOR_PROPERTIES}); figures added
 * later are ignored by older readers.
 *
 * @param sessions sessions started
 * @param orders orders completed
 * @param units units ordered
 * @param grossCents quantity × unit price
 * @param discountCents line and order discounts
 * @param shippingCents shipping charged
 * @param taxCents tax of the orders, included in their prices or added on top
 * @param taxIncludedCents the part of {@code taxCents} inside the prices (VAT)
 * @param refunds refunds issued
 * @param refundCents refunded amount
 * @param netCents gross − discounts − refunds
 * @param totalCents net + shipping + tax − tax included
 * @param duplicates valid events published a second time (not in any other figure)
 * @param late valid events published well after they occurred
 * @param products product id → units and line revenue
 * @param campaigns campaign id → clicks, cost, impressions, last-click orders and revenue
 * @param poison poison kind → poison pills acknowledged
 * @param poisonByStage ingest stage → poison pills that stage must reject
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedgerDay(long sessions, long orders, long units, long grossCents, long discountCents, long shippingCents,
		long taxCents, long taxIncludedCents, long refunds, long refundCents, long netCents, long totalCents,
		long duplicates, long late, Map<String, Product> products, Map<String, Campaign> campaigns,
		Map<String, Long> poison, Map<String, Long> poisonByStage) {

	public LedgerDay {
		if (netCents != grossCents - discountCents - refundCents) {
			throw new IllegalArgumentException("net_cents " + netCents + " is not gross - discounts - refunds ("
					+ (grossCents - discountCents - refundCents) + ")");
		}
		if (totalCents != netCents + shippingCents + taxCents - taxIncludedCents) {
			throw new IllegalArgumentException("total_cents " + totalCents + " is not net + shipping + tax - tax "
					+ "included (" + (netCents + shippingCents + taxCents - taxIncludedCents) + ")");
		}
		products = new TreeMap<>(products);
		campaigns = new TreeMap<>(campaigns);
		poison = new TreeMap<>(poison);
		poisonByStage = new TreeMap<>(poisonByStage);
	}

	/**
	 * Per product, on the order's date.
	 *
	 * @param units units ordered
	 * @param revenueCents quantity × unit price − line discount
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Product(long units, long revenueCents) {
	}

	/**
	 * Per campaign: clicks and their cost on the click's date; impressions on the date
	 * its platform's daily report covers; orders whose {@code click_id} is the
	 * campaign's, and their revenue, on the order's date.
	 *
	 * @param clicks ad clicks
	 * @param costMicros their cost
	 * @param impressions impressions the platform reported
	 * @param orders orders whose last click was the campaign's
	 * @param revenueCents their subtotal − order discount
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Campaign(long clicks, long costMicros, long impressions, long orders, long revenueCents) {
	}

}
