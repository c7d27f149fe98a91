package io.shoplake.producer.ledger;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.shoplake.events.AdClicked;
import io.shoplake.events.AdImpressionsReported;
import io.shoplake.events.Event;
import io.shoplake.events.OrderCompleted;
import io.shoplake.events.OrderLine;
import io.shoplake.events.OrderRefunded;
import io.shoplake.events.SessionStarted;
import io.shoplake.events.ledger.LedgerDay;
import io.shoplake.producer.defects.OutgoingMessage;
import io.shoplake.producer.defects.PoisonKind;

/**
 * The counts of one UTC event date as the {@link Ledger} accumulates them (and saves
 * them; files saved before it served {@link LedgerDay} carry three derived figures, which
 * are ignored): mutable, guarded by the ledger, read out as a {@link LedgerDay}. Every
 * message is counted with a sign, so the contribution of messages can be taken out again
 * (a checkpoint is the counts without the messages not yet settled).
 */
@JsonIgnoreProperties({ "net_cents", "total_cents", "poison_by_stage" })
final class DayTotals {

	public long sessions;

	public long orders;

	public long units;

	public long grossCents;

	public long discountCents;

	public long shippingCents;

	public long taxCents;

	/** The part of {@link #taxCents} inside the prices (EU VAT). */
	public long taxIncludedCents;

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

	/**
	 * Adds ({@code sign} 1) or takes out ({@code sign} -1) one acknowledged message; an
	 * order's campaign attribution is counted apart ({@link #attribute}).
	 */
	void count(OutgoingMessage.Kind kind, PoisonKind poisonKind, boolean lateMessage, Event event, int sign) {
		switch (kind) {
			case POISON -> this.poison.merge(poisonKind.wireName(), (long) sign, Long::sum);
			case DUPLICATE -> this.duplicates += sign;
			case VALID -> {
				if (lateMessage) {
					this.late += sign;
				}
				valid(event, sign);
			}
		}
	}

	private void valid(Event event, int sign) {
		if (event instanceof SessionStarted) {
			this.sessions += sign;
		}
		else if (event instanceof AdClicked click) {
			CampaignTotals campaign = this.campaigns.computeIfAbsent(click.campaignId(), (k) -> new CampaignTotals());
			campaign.clicks += sign;
			campaign.costMicros += sign * click.costMicros();
		}
		else if (event instanceof OrderCompleted order) {
			this.orders += sign;
			this.discountCents += sign * order.discountCents();
			this.shippingCents += sign * order.shippingCents();
			this.taxCents += sign * order.taxCents();
			if (order.pricesIncludeTax()) {
				this.taxIncludedCents += sign * order.taxCents();
			}
			for (OrderLine line : order.lines()) {
				this.units += sign * line.quantity();
				this.grossCents += sign * line.grossCents();
				this.discountCents += sign * line.discountCents();
				ProductTotals product = this.products.computeIfAbsent(line.productId(), (k) -> new ProductTotals());
				product.units += sign * line.quantity();
				product.revenueCents += sign * line.netCents();
			}
		}
		else if (event instanceof OrderRefunded refund) {
			this.refunds += sign;
			this.refundCents += sign * refund.amountCents();
		}

	}

	/**
	 * Adds ({@code sign} 1) or takes out ({@code sign} -1) a platform report's
	 * impressions, on the day it covers (the report itself counts on the day it arrived).
	 */
	void impressions(AdImpressionsReported report, int sign) {
		CampaignTotals campaign = this.campaigns.computeIfAbsent(report.campaignId(), (k) -> new CampaignTotals());
		campaign.impressions += sign * report.impressions();
	}

	/**
	 * Adds ({@code sign} 1) or takes out ({@code sign} -1) the last-click attribution of
	 * {@code order} to {@code campaignId}: one order and its revenue (subtotal - order
	 * discount).
	 */
	void attribute(OrderCompleted order, String campaignId, int sign) {
		CampaignTotals campaign = this.campaigns.computeIfAbsent(campaignId, (k) -> new CampaignTotals());
		campaign.orders += sign;
		campaign.revenueCents += sign * (order.subtotalCents() - order.discountCents());
	}

	/** A copy. */
	DayTotals copy() {
		DayTotals copy = new DayTotals();
		copy.add(this);
		return copy;
	}

	/** Adds every count of {@code other}. */
	void add(DayTotals other) {
		this.sessions += other.sessions;
		this.orders += other.orders;
		this.units += other.units;
		this.grossCents += other.grossCents;
		this.discountCents += other.discountCents;
		this.shippingCents += other.shippingCents;
		this.taxCents += other.taxCents;
		this.taxIncludedCents += other.taxIncludedCents;
		this.refundCents += other.refundCents;
		this.refunds += other.refunds;
		this.duplicates += other.duplicates;
		this.late += other.late;
		other.products.forEach((id, product) -> {
			ProductTotals mine = this.products.computeIfAbsent(id, (k) -> new ProductTotals());
			mine.units += product.units;
			mine.revenueCents += product.revenueCents;
		});
		other.campaigns.forEach((id, campaign) -> {
			CampaignTotals mine = this.campaigns.computeIfAbsent(id, (k) -> new CampaignTotals());
			mine.clicks += campaign.clicks;
			mine.costMicros += campaign.costMicros;
			mine.impressions += campaign.impressions;
			mine.orders += campaign.orders;
			mine.revenueCents += campaign.revenueCents;
		});
		other.poison.forEach((kind, count) -> this.poison.merge(kind, count, Long::sum));
	}

	/** As served: entries whose counts all went back to zero left out. */
	LedgerDay toLedgerDay() {
		Map<String, LedgerDay.Product> productDays = new TreeMap<>();
		this.products.forEach((id, product) -> {
			if (product.units != 0 || product.revenueCents != 0) {
				productDays.put(id, new LedgerDay.Product(product.units, product.revenueCents));
			}
		});
		Map<String, LedgerDay.Campaign> campaignDays = new TreeMap<>();
		this.campaigns.forEach((id, campaign) -> {
			if (campaign.clicks != 0 || campaign.costMicros != 0 || campaign.impressions != 0 || campaign.orders != 0
					|| campaign.revenueCents != 0) {
				campaignDays.put(id, new LedgerDay.Campaign(campaign.clicks, campaign.costMicros, campaign.impressions,
						campaign.orders, campaign.revenueCents));
			}
		});
		Map<String, Long> poisonKinds = new TreeMap<>();
		Map<String, Long> stages = new TreeMap<>();
		this.poison.forEach((kind, count) -> {
			if (count != 0) {
				poisonKinds.put(kind, count);
				stages.merge(PoisonKind.fromWireName(kind).stage().wireName(), count, Long::sum);
			}
		});
		long net = this.grossCents - this.discountCents - this.refundCents;
		return new LedgerDay(this.sessions, this.orders, this.units, this.grossCents, this.discountCents,
				this.shippingCents, this.taxCents, this.taxIncludedCents, this.refunds, this.refundCents, net,
				net + this.shippingCents + this.taxCents - this.taxIncludedCents, this.duplicates, this.late,
				productDays, campaignDays, poisonKinds, stages);
	}

	/** Whether nothing is counted. */
	boolean isEmpty() {
		return toLedgerDay().equals(new DayTotals().toLedgerDay());
	}

	/** Per product, on the order's date. */
	static final class ProductTotals {

		public long units;

		public long revenueCents;

	}

	/**
	 * Per campaign: clicks and their cost on the click's date; impressions on the day its
	 * platform's report covers; orders whose {@code click_id} is the campaign's, and
	 * their revenue (subtotal - order discount), on the order's date.
	 */
	static final class CampaignTotals {

		public long clicks;

		public long costMicros;

		public long impressions;

		public long orders;

		public long revenueCents;

	}

}
