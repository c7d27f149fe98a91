package io.shoplake.producer.ledger;

import java.util.Map;

import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.shoplake.producer.defects.PoisonKind;

/**
 * What the bus acknowledged for one UTC event date, in the sales definitions of DESIGN.md
 * (Shopify's): gross = sum of quantity x unit price on the order's date; discounts = line
 * and order discounts on the order's date; refunds on the refund's date; net = gross -
 * discounts - refunds; total = net + shipping + tax. Integer cents. Mutable, guarded by
 * the {@link Ledger}.
 */
public final class DayTotals {

	public long sessions;

	public long orders;

	public long units;

	public long grossCents;

	public long discountCents;

	public long shippingCents;

	public long taxCents;

	public long refundCents;

	public long refunds;

	public long duplicates;

	public long late;

	/** Product id → units and line revenue (quantity x unit price - line discount). */
	public Map<String, ProductTotals> products = new TreeMap<>();

	/** Campaign id → clicks, cost and last-click orders and revenue. */
	public Map<String, CampaignTotals> campaigns = new TreeMap<>();

	/** Poison kind → messages acknowledged. */
	public Map<String, Long> poison = new TreeMap<>();

	@JsonProperty(access = JsonProperty.Access.READ_ONLY)
	public long netCents() {
		return this.grossCents - this.discountCents - this.refundCents;
	}

	/**
	 * Poison pills per ingest stage that must reject them ({@code json}, {@code schema},
	 * {@code semantic}, {@code size}): what the quarantine should hold.
	 */
	@JsonProperty(access = JsonProperty.Access.READ_ONLY)
	public Map<String, Long> poisonByStage() {
		Map<String, Long> stages = new TreeMap<>();
		this.poison.forEach((kind, count) -> stages
			.merge(PoisonKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)).stage().wireName(), count, Long::sum));
		return stages;
	}

	@JsonProperty(access = JsonProperty.Access.READ_ONLY)
	public long totalCents() {
		return netCents() + this.shippingCents + this.taxCents;
	}

	/** Per product, on the order's date. */
	public static final class ProductTotals {

		public long units;

		public long revenueCents;

	}

	/**
	 * Per campaign: clicks and their cost on the click's date; orders whose
	 * {@code click_id} is the campaign's, and their revenue (subtotal - order discount),
	 * on the order's date.
	 */
	public static final class CampaignTotals {

		public long clicks;

		public long costMicros;

		public long orders;

		public long revenueCents;

	}

}
