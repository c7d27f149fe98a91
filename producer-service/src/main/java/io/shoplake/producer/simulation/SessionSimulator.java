package io.shoplake.producer.simulation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import io.shoplake.events.AdClicked;
import io.shoplake.events.CartItemAdded;
import io.shoplake.events.CartItemRemoved;
import io.shoplake.events.CheckoutStarted;
import io.shoplake.events.CustomerRegistered;
import io.shoplake.events.Event;
import io.shoplake.events.EventType;
import io.shoplake.events.OrderCompleted;
import io.shoplake.events.OrderLine;
import io.shoplake.events.PageViewed;
import io.shoplake.events.PaymentFailed;
import io.shoplake.events.ProductViewed;
import io.shoplake.events.SearchPerformed;
import io.shoplake.events.SessionStarted;
import io.shoplake.producer.geo.Geography;

/**
 * Plays one session of one visitor. A session lands (home, category, product or search
 * page, by traffic source) and either bounces or browses; an engaged visitor may build a
 * cart (more often on desktop, when returning, on Black Friday), go to checkout, meet the
 * shipping cost, pay (failures by method, the commonest reason insufficient funds) and
 * order, or leave the cart for a later visit (who left it at checkout gets a reminder the
 * next day). An order has the country's tax - the VAT inside EU prices, sales tax on top
 * in the US and Canada - shipping below the country's free-shipping value, a coupon where
 * one applies, the last non-direct click of the past 7 days (an ad or e-mail click,
 * unless an organic or referral visit came after it) and lines that may come back 3-25
 * days later, refunded in support-desk hours. Times are think times drawn per page;
 * nothing shares a millisecond by construction. Everything it emits refers only to what
 * it or the visitor's earlier sessions emitted before. Deterministic in (seed, visit,
 * visitor state).
 */
final class SessionSimulator {

	/** Single-page sessions, by device class (desktop, mobile, tablet). */
	private static final double[] BOUNCE = { 0.27, 0.39, 0.33 };

	/** Sessions that put something in the cart, of those that do not bounce. */
	private static final double[] ADD_TO_CART = { 0.175, 0.14, 0.16 };

	/** Sessions that go to checkout, of those with a cart. */
	private static final double[] CHECKOUT = { 0.41, 0.28, 0.36 };

	/**
	 * Sessions that decide to pay, of those at checkout (before shipping and payment).
	 */
	private static final double[] PAY = { 0.76, 0.66, 0.71 };

	/** Returning visitors with a cart who come back to it. */
	private static final double RESUME = 0.1;

	/** Of shoppers a cart reminder brings back, those who check out again. */
	private static final double RESUME_FROM_REMINDER = 0.45;

	/** Of shoppers who leave a cart at checkout, those a reminder brings back. */
	private static final double REMINDED = 0.3;

	private static final long CART_LIFETIME = 3 * 86_400_000L;

	private static final long ATTRIBUTION_WINDOW = 7 * 86_400_000L;

	private static final long MAX_SESSION = 40 * 60_000L;

	private static final String[] FAILURES = { "insufficient_funds", "card_declined", "expired_card", "processor_error",
			"fraud_suspected" };

	private static final WeightedChoice FAILURE = new WeightedChoice(new double[] { 0.41, 0.33, 0.12, 0.08, 0.06 });

	private static final Map<String, Double> FAILURE_RATE = Map.ofEntries(Map.entry("card", 0.10),
			Map.entry("paypal", 0.04), Map.entry("klarna", 0.06), Map.entry("apple_pay", 0.05),
			Map.entry("google_pay", 0.05), Map.entry("ideal", 0.03), Map.entry("sepa_direct_debit", 0.04),
			Map.entry("bizum", 0.03), Map.entry("blik", 0.03), Map.entry("przelewy24", 0.04),
			Map.entry("satispay", 0.03), Map.entry("swish", 0.03), Map.entry("gift_card", 0.08));

	private static final String[] REASONS = { "changed_mind", "not_as_described", "damaged", "wrong_item",
			"late_delivery" };

	/** Return reasons: clothes and shoes (fit), electronics (faults), the rest. */
	private static final WeightedChoice[] REASON = { new WeightedChoice(new double[] { 0.47, 0.25, 0.07, 0.09, 0.12 }),
			new WeightedChoice(new double[] { 0.2, 0.3, 0.35, 0.1, 0.05 }),
			new WeightedChoice(new double[] { 0.4, 0.2, 0.25, 0.1, 0.05 }) };

	private final long seed;

	private final Catalog catalog;

	private final PriceBook prices;

	private final Marketing marketing;

	private final People people;

	private final List<Geography.Country> countries;

	private final WeightedChoice[] payments;

	private final String[][] paymentMethods;

	private final String currency;

	private final double conversionScale;

	private final double returnScale;

	private final double failureScale;

	SessionSimulator(long seed, Catalog catalog, PriceBook prices, Marketing marketing, People people,
			List<Geography.Country> countries, SimulationProperties properties) {
		this.seed = seed;
		this.catalog = catalog;
		this.prices = prices;
		this.marketing = marketing;
		this.people = people;
		this.countries = countries;
		this.payments = new WeightedChoice[countries.size()];
		this.paymentMethods = new String[countries.size()][];
		for (int c = 0; c < countries.size(); c++) {
			this.paymentMethods[c] = countries.get(c).payment().keySet().toArray(String[]::new);
			this.payments[c] = WeightedChoice.of(countries.get(c).payment().values());
		}
		this.currency = properties.catalog().currency();
		this.conversionScale = properties.behaviour().conversionScale();
		this.returnScale = properties.behaviour().returnScale();
		this.failureScale = properties.behaviour().paymentFailureRate() / 0.07;
	}

	/**
	 * Plays the session of {@code arrival}; appends its events to {@code out}, its refund
	 * (if any) to {@code refunds} and a follow-up visit (epoch millis, visitor key) to
	 * {@code followUps}. Returns the state to keep for the visitor, or null.
	 */
	VisitorState run(Arrival arrival, Population.Visitor visitor, VisitorState known, List<Event> out,
			List<RefundPlan> refunds, List<long[]> followUps) {
		VisitorState state = (known != null) ? known : new VisitorState();
		if (arrival.followUp() && state.followUps > 0) {
			state.followUps--;
		}
		if (state.cart != null && arrival.at() - state.cart.since() > CART_LIFETIME) {
			state.cart = null;
		}
		Run run = new Run(arrival, visitor, state, out, refunds, followUps);
		run.play();
		state.busyUntil = run.now;
		if (state.lastClickId != null && run.now - state.lastClickAt > ATTRIBUTION_WINDOW) {
			state.lastClickId = null;
		}
		if (!arrival.followUp()) {
			state.comingBack = arrival.hasNext();
		}
		boolean keep = (state.comingBack || state.followUps > 0) && !state.blank();
		return keep ? state : null;
	}

	/**
	 * A visit as the sequential step decided it: who, when, from where.
	 *
	 * @param at when the visitor arrives (epoch millis)
	 * @param key the visitor
	 * @param returning whether they had visited before
	 * @param followUp whether a reminder brought them
	 * @param hasNext whether they will visit again
	 * @param source traffic source ({@link Marketing#ORGANIC} ...)
	 * @param campaign the ad or e-mail campaign clicked, or null
	 * @param clickId the click's id, or null
	 * @param clickCostMicros what the click cost
	 */
	record Arrival(long at, long key, boolean returning, boolean followUp, boolean hasNext, int source,
			Marketing.Campaign campaign, String clickId, long clickCostMicros) {
	}

	/** The walk through one session. */
	private final class Run {

		private final Arrival arrival;

		private final SplittableRandom random;

		private final Population.Visitor visitor;

		private final VisitorState state;

		private final List<Event> out;

		private final List<RefundPlan> refunds;

		private final List<long[]> followUps;

		private final String sessionId;

		private final int device;

		private final LocalDate day;

		private final Month month;

		private final double lift;

		private final long start;

		private long now;

		private String clickId;

		private Catalog.Leaf context;

		private boolean registeredHere;

		Run(Arrival arrival, Population.Visitor visitor, VisitorState state, List<Event> out, List<RefundPlan> refunds,
				List<long[]> followUps) {
			this.arrival = arrival;
			this.random = Seeds.stream(SessionSimulator.this.seed, 6,
					arrival.key() * 0x9E3779B97F4A7C15L + arrival.at());
			this.visitor = visitor;
			this.state = state;
			this.out = out;
			this.refunds = refunds;
			this.followUps = followUps;
			this.sessionId = Ids.of("ses_", this.random.nextLong());
			this.device = visitor.deviceClass();
			long begin = arrival.at();
			if (state.busyUntil >= begin) {
				begin = state.busyUntil + 5_000 + this.random.nextLong(120_000);
			}
			this.start = begin;
			this.now = begin;
			this.day = LocalDate.ofInstant(Instant.ofEpochMilli(begin), visitor.zone());
			this.month = this.day.getMonth();
			this.lift = TrafficCurve.conversionLift(this.day) * SessionSimulator.this.conversionScale;
		}

		void play() {
			Marketing.Campaign campaign = this.arrival.campaign();
			String referrer = null;
			String utmSource = null;
			String utmMedium = null;
			String utmCampaign = null;
			int source = this.arrival.source();
			if (campaign != null) {
				this.clickId = this.arrival.clickId();
				this.out.add(new AdClicked(id(), EventType.AD_CLICKED.version(), at(), this.sessionId,
						this.visitor.anonymousId(), customerId(), this.visitor.device(), this.visitor.geo(),
						this.clickId, campaign.id(), campaign.platform(), this.arrival.clickCostMicros(),
						SessionSimulator.this.currency, campaign.utmSource(), campaign.utmMedium(), campaign.name()));
				this.state.lastClickId = this.clickId;
				this.state.lastClickAt = this.now;
				advance(250 + this.random.nextLong(2_200));
				utmSource = campaign.utmSource();
				utmMedium = campaign.utmMedium();
				utmCampaign = campaign.name();
			}
			else if (source == Marketing.ORGANIC) {
				referrer = SessionSimulator.this.marketing.searchEngine(this.random);
				// Last non-direct click: a later visit from elsewhere takes the credit.
				this.state.lastClickId = null;
			}
			else if (source == Marketing.REFERRAL) {
				referrer = SessionSimulator.this.marketing.referrer(this.random);
				this.state.lastClickId = null;
			}
			boolean resumes = this.arrival.followUp() && this.state.cart != null;
			int landingKind = resumes ? -1 : SessionSimulator.this.marketing.landing(this.random, source);
			Catalog.Product landingProduct = null;
			String query = null;
			String path;
			String pageType;
			if (resumes) {
				path = "/cart";
				pageType = "cart";
			}
			else if (landingKind == Marketing.CATEGORY) {
				this.context = SessionSimulator.this.catalog.drawLeaf(this.random, this.month);
				path = this.context.url();
				pageType = "category";
			}
			else if (landingKind == Marketing.PRODUCT) {
				landingProduct = SessionSimulator.this.catalog.drawProduct(this.random, this.month);
				this.context = SessionSimulator.this.catalog.leaves().get(landingProduct.leaf());
				path = landingProduct.url();
				pageType = "product";
			}
			else if (landingKind == Marketing.SEARCH) {
				query = SessionSimulator.this.catalog.search()
					.query(this.random, SessionSimulator.this.catalog.drawProduct(this.random, this.month));
				path = searchPath(query);
				pageType = "search";
			}
			else {
				path = "/";
				pageType = "home";
			}
			String landing = (campaign != null)
					? path + "?utm_source=" + utmSource + "&utm_medium=" + utmMedium + "&utm_campaign=" + utmCampaign
					: path;
			this.out.add(new SessionStarted(id(), EventType.SESSION_STARTED.version(), at(), this.sessionId,
					this.visitor.anonymousId(), customerId(), this.visitor.device(), this.visitor.geo(), landing,
					referrer, utmSource, utmMedium, utmCampaign, this.clickId));
			advance(150 + this.random.nextLong(1_350));
			if (query != null) {
				search(query, false);
			}
			else if (landingProduct != null) {
				page(pageType, landing, 0);
				viewProduct(landingProduct);
			}
			else {
				page(pageType, landing, pageType.equals("category") ? 20 : 10);
			}
			if (resumes) {
				// A reminder brings the shopper back to the cart; a third of them buy.
				if (this.random.nextDouble() < RESUME_FROM_REMINDER) {
					checkout(this.state.cart.cartId(), new ArrayList<>(this.state.cart.lines()));
				}
				return;
			}
			if (this.random.nextDouble() < bounceChance(source, campaign)) {
				return;
			}
			if (!this.state.registered && this.random.nextDouble() < 0.012) {
				register(this.visitor.app() ? "mobile_app" : "web");
			}
			if (this.arrival.returning() && this.state.cart != null && this.random.nextDouble() < RESUME) {
				page("cart", "/cart", 8);
				checkout(this.state.cart.cartId(), new ArrayList<>(this.state.cart.lines()));
				return;
			}
			double addChance = ADD_TO_CART[this.device] * (this.arrival.returning() ? 1.15 : 0.8)
					* Math.sqrt(this.lift);
			boolean builds = this.random.nextDouble() < Math.min(0.9, addChance);
			browse(builds, landingProduct);
		}

		private double bounceChance(int source, Marketing.Campaign campaign) {
			double chance = BOUNCE[this.device];
			if (campaign != null && !campaign.platform().equals("google") && !campaign.platform().equals("email")) {
				chance *= 1.25;
			}
			else if (source == Marketing.DIRECT) {
				chance *= 0.8;
			}
			return chance * (this.arrival.returning() ? 0.88 : 1.08);
		}

		/**
		 * Browsing: category pages, searches and product pages; a cart builder adds the
		 * lines they came for, the others look around.
		 */
		private void browse(boolean builds, Catalog.Product landed) {
			int lines = 0;
			if (builds) {
				double extra = (TrafficCurve.blackWeek(this.day) ? 0.95 : 0.75);
				lines = 1;
				while (this.random.nextDouble() < extra / (1 + extra) && lines < 8) {
					lines++;
				}
			}
			int looks = 1 + (int) Seeds.exponential(this.random, builds ? 2.0 : 3.0);
			String cartId = (this.state.cart != null) ? this.state.cart.cartId() : null;
			List<VisitorState.CartLine> cart = (this.state.cart != null) ? new ArrayList<>(this.state.cart.lines())
					: new ArrayList<>();
			int added = 0;
			Catalog.Product current = landed;
			for (int step = 0; step < 40 && (added < lines || looks > 0); step++) {
				if (this.now - this.start > MAX_SESSION) {
					break;
				}
				if (current != null && added < lines && this.random.nextDouble() < 0.55 * affordable(current)) {
					if (cartId == null) {
						cartId = Ids.of("crt_", this.random.nextLong());
					}
					cart.add(addToCart(cartId, current));
					added++;
					current = null;
					continue;
				}
				looks--;
				double action = this.random.nextDouble();
				if (action < 0.2) {
					this.context = SessionSimulator.this.catalog.drawLeaf(this.random, this.month);
					page("category", this.context.url(), 20);
					current = null;
				}
				else if (action < 0.32) {
					Catalog.Product hint = SessionSimulator.this.catalog.drawProduct(this.random, this.month);
					current = search(SessionSimulator.this.catalog.search().query(this.random, hint), true);
				}
				else {
					Catalog.Product product = (this.context != null && this.random.nextDouble() < 0.6)
							? SessionSimulator.this.catalog.drawInLeaf(this.random, this.context)
							: SessionSimulator.this.catalog.drawProduct(this.random, this.month);
					this.context = SessionSimulator.this.catalog.leaves().get(product.leaf());
					page("product", product.url(), 0);
					viewProduct(product);
					current = product;
				}
			}
			if (added >= 2 && this.random.nextDouble() < 0.12) {
				VisitorState.CartLine line = cart.remove(this.random.nextInt(cart.size()));
				page("cart", "/cart", 6);
				this.out.add(new CartItemRemoved(id(), EventType.CART_ITEM_REMOVED.version(), at(), this.sessionId,
						this.visitor.anonymousId(), customerId(), this.visitor.device(), this.visitor.geo(), cartId,
						line.product().id(), line.variant().id(), line.variant().label(), line.quantity(),
						line.unitPriceCents(), SessionSimulator.this.currency));
				think(6);
			}
			if (added == 0) {
				return;
			}
			double checkoutChance = CHECKOUT[this.device] * (this.arrival.returning() ? 1.07 : 0.93)
					* Math.sqrt(this.lift);
			if (this.random.nextDouble() < Math.min(0.95, checkoutChance)) {
				page("cart", "/cart", 8);
				checkout(cartId, cart);
			}
			else {
				leave(cartId, cart, false);
			}
		}

		/**
		 * How much the price holds a shopper back from taking a product: 1 up to 30 EUR,
		 * falling with the price (a 1,000 EUR laptop is looked at far more than bought).
		 */
		private double affordable(Catalog.Product product) {
			double euros = SessionSimulator.this.prices.price(product, this.now) / 100.0;
			return (euros <= 30) ? 1 : Math.pow(30 / euros, 0.7);
		}

		private VisitorState.CartLine addToCart(String cartId, Catalog.Product product) {
			Catalog.Leaf leaf = SessionSimulator.this.catalog.leaves().get(product.leaf());
			Catalog.Variant variant = product.variants().get(product.variantChoice().next(this.random));
			int quantity = 1 + Seeds.poisson(this.random, Math.max(0, leaf.units() - 1));
			long price = SessionSimulator.this.prices.price(product, this.now);
			this.out.add(new CartItemAdded(id(), EventType.CART_ITEM_ADDED.version(), at(), this.sessionId,
					this.visitor.anonymousId(), customerId(), this.visitor.device(), this.visitor.geo(), cartId,
					product.id(), variant.id(), variant.label(), quantity, price, SessionSimulator.this.currency));
			think(5);
			return new VisitorState.CartLine(product, variant, quantity, price);
		}

		/**
		 * Leaves the cart for later; a shopper who left at checkout (where they gave
		 * their e-mail address) gets a reminder.
		 */
		private void leave(String cartId, List<VisitorState.CartLine> cart, boolean atCheckout) {
			if (cart.isEmpty()) {
				this.state.cart = null;
				return;
			}
			this.state.cart = new VisitorState.OpenCart(cartId, List.copyOf(cart), this.now);
			if (atCheckout && this.random.nextDouble() < REMINDED) {
				long at = this.now + 3_600_000L * (8 + (long) Seeds.exponential(this.random, 20));
				this.followUps.add(new long[] { at, this.arrival.key() });
				this.state.followUps++;
			}
		}

		private void checkout(String cartId, List<VisitorState.CartLine> cart) {
			page("checkout", "/checkout", 0);
			if (!this.state.registered && this.random.nextDouble() < 0.8) {
				register("checkout");
			}
			Map<String, VisitorState.CartLine> merged = new LinkedHashMap<>();
			for (VisitorState.CartLine line : cart) {
				merged.merge(line.variant().id(), line, (a, b) -> new VisitorState.CartLine(a.product(), a.variant(),
						a.quantity() + b.quantity(), a.unitPriceCents()));
			}
			List<VisitorState.CartLine> lines = new ArrayList<>(merged.values());
			int items = lines.stream().mapToInt(VisitorState.CartLine::quantity).sum();
			long value = lines.stream().mapToLong((line) -> line.quantity() * line.unitPriceCents()).sum();
			String checkoutId = Ids.of("chk_", this.random.nextLong());
			this.out.add(new CheckoutStarted(id(), EventType.CHECKOUT_STARTED.version(), at(), this.sessionId,
					this.visitor.anonymousId(), customerId(), this.visitor.device(), this.visitor.geo(), checkoutId,
					cartId, items, value, SessionSimulator.this.currency));
			think(35);
			Geography.Country country = SessionSimulator.this.countries.get(this.visitor.country());
			boolean shippingCharged = value < country.shipping().freeFromCents();
			double pay = PAY[this.device] * (shippingCharged ? 0.86 : 1.0) * Math.min(1.15, 0.95 + 0.05 * this.lift);
			if (this.random.nextDouble() >= Math.min(0.97, pay)) {
				leave(cartId, lines, true);
				return;
			}
			String method = method();
			while (this.random.nextDouble() < SessionSimulator.this.failureScale
					* SessionSimulator.FAILURE_RATE.getOrDefault(method, 0.05)) {
				this.out.add(new PaymentFailed(id(), EventType.PAYMENT_FAILED.version(), at(), this.sessionId,
						this.visitor.anonymousId(), customerId(), this.visitor.device(), this.visitor.geo(), checkoutId,
						FAILURES[FAILURE.next(this.random)]));
				think(25);
				if (this.random.nextDouble() < 0.3) {
					leave(cartId, lines, true);
					return;
				}
				if (this.random.nextDouble() < 0.35) {
					method = method();
				}
			}
			order(checkoutId, lines, country, method);
			this.state.cart = null;
		}

		private String method() {
			int c = this.visitor.country();
			return SessionSimulator.this.paymentMethods[c][SessionSimulator.this.payments[c].next(this.random)];
		}

		private void order(String checkoutId, List<VisitorState.CartLine> cart, Geography.Country country,
				String method) {
			String orderId = Ids.of("ord_", this.random.nextLong());
			List<OrderLine> lines = new ArrayList<>(cart.size());
			long subtotal = 0;
			boolean blackWeek = TrafficCurve.blackWeek(this.day);
			for (VisitorState.CartLine line : cart) {
				long gross = line.quantity() * line.unitPriceCents();
				Catalog.Leaf leaf = SessionSimulator.this.catalog.leaves().get(line.product().leaf());
				long discount = 0;
				if (blackWeek && deal(line.product())) {
					discount = gross * (15 + (int) (Seeds.mix(SessionSimulator.this.seed, line.product().index()) & 15))
							/ 100;
				}
				else if (line.quantity() >= 2 && leaf.units() >= 1.3) {
					discount = gross / 10;
				}
				lines.add(new OrderLine(Ids.of("li_", this.random.nextLong()), line.product().id(), line.variant().id(),
						line.variant().label(), line.quantity(), line.unitPriceCents(), discount));
				subtotal += gross - discount;
			}
			Marketing.CouponSpec coupon = coupon(subtotal);
			long orderDiscount = (coupon != null) ? subtotal * coupon.percent() / 100 : 0;
			long charged = subtotal - orderDiscount;
			long shipping = (charged >= country.shipping().freeFromCents()) ? 0 : country.shipping().feeCents();
			charged += shipping;
			int rate = country.taxBasisPoints();
			long tax = country.taxesIncluded() ? Math.round(charged * (double) rate / (10_000 + rate))
					: Math.round(charged * rate / 10_000.0);
			long total = country.taxesIncluded() ? charged : charged + tax;
			String attributed = (this.state.lastClickId != null
					&& this.state.lastClickAt >= this.now - ATTRIBUTION_WINDOW) ? this.state.lastClickId : null;
			this.out.add(new OrderCompleted(id(), EventType.ORDER_COMPLETED.version(), at(), this.sessionId,
					this.visitor.anonymousId(), customerId(), this.visitor.device(), this.visitor.geo(), orderId,
					checkoutId, lines, subtotal, orderDiscount, shipping, tax, country.taxesIncluded(), total,
					SessionSimulator.this.currency, method, (coupon != null) ? coupon.code() : null, attributed));
			this.state.orders++;
			think(4);
			page("checkout", "/checkout/thank-you", 0);
			planRefund(orderId, lines, cart, subtotal, orderDiscount, shipping, country.taxesIncluded() ? 0 : tax);
		}

		/** Whether a product is one of the year's Black Friday deals. */
		private boolean deal(Catalog.Product product) {
			long bits = Seeds.mix(Seeds.mix(SessionSimulator.this.seed, 64),
					product.index() * 4099L + this.day.getYear());
			return (bits & 0xFF) < 77;
		}

		/**
		 * The coupon the shopper uses, if any: the first eligible one they have and use.
		 */
		private Marketing.CouponSpec coupon(long subtotal) {
			Marketing.Campaign campaign = this.arrival.campaign();
			for (Marketing.CouponSpec coupon : SessionSimulator.this.marketing.coupons()) {
				boolean eligible = switch (coupon.kind()) {
					case "welcome" -> this.registeredHere && this.state.orders == 0;
					case "newsletter" -> campaign != null && campaign.platform().equals("email");
					case "seasonal" -> coupon.validOn(this.day);
					case "creator" -> this.arrival.source() == Marketing.REFERRAL || (campaign != null
							&& (campaign.platform().equals("meta") || campaign.platform().equals("tiktok")));
					default -> false;
				};
				if (eligible && (coupon.minOrder() == null || subtotal >= Math.round(coupon.minOrder() * 100))
						&& this.random.nextDouble() < coupon.use()) {
					return coupon;
				}
			}
			return null;
		}

		/**
		 * Decides which lines come back: each by its leaf's return rate. The refund gives
		 * back the lines' net, less their share of the order discount, plus their share
		 * of tax added on top; shipping too when everything comes back. Issued 3-25 days
		 * later (delivery, the customer's decision, the warehouse), in support-desk
		 * hours.
		 */
		private void planRefund(String orderId, List<OrderLine> lines, List<VisitorState.CartLine> cart, long subtotal,
				long orderDiscount, long shipping, long addedTax) {
			List<String> returned = new ArrayList<>();
			long net = 0;
			double season = (this.month == Month.DECEMBER || TrafficCurve.blackWeek(this.day)) ? 1.15 : 1.0;
			int reasonKind = 2;
			for (int i = 0; i < lines.size(); i++) {
				OrderLine line = lines.get(i);
				Catalog.Leaf leaf = SessionSimulator.this.catalog.leaves().get(cart.get(i).product().leaf());
				if (this.random.nextDouble() < leaf.returns() * SessionSimulator.this.returnScale * season) {
					returned.add(line.lineId());
					net += line.netCents();
					reasonKind = leaf.path().startsWith("Fashion") ? 0 : leaf.path().startsWith("Electronics") ? 1 : 2;
				}
			}
			if (returned.isEmpty()) {
				return;
			}
			long discountShare = (subtotal == 0) ? 0 : orderDiscount * net / subtotal;
			long taxShare = (subtotal - orderDiscount <= 0) ? 0
					: addedTax * (net - discountShare) / (subtotal - orderDiscount);
			long amount = net - discountShare + taxShare + ((returned.size() == lines.size()) ? shipping : 0);
			if (amount <= 0) {
				return;
			}
			double days = 2 + this.random.nextInt(3) + 1 + Math.min(13, Seeds.exponential(this.random, 4)) + 1
					+ this.random.nextInt(4);
			long at = supportHours(this.now + (long) (days * 86_400_000L));
			this.refunds.add(new RefundPlan(at, this.random.nextLong(), this.visitor.anonymousId(), customerId(),
					this.visitor.geo(), orderId, List.copyOf(returned), amount,
					REASONS[REASON[reasonKind].next(this.random)]));
		}

		/**
		 * A moment on the first working day at or after {@code at}, 09:00-17:00 shop
		 * time.
		 */
		private long supportHours(long at) {
			ZonedDateTime local = Instant.ofEpochMilli(at).atZone(PriceBook.SHOP_ZONE);
			LocalDate date = local.toLocalDate();
			if (local.getHour() >= 17) {
				date = date.plusDays(1);
			}
			while (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
				date = date.plusDays(1);
			}
			return date.atTime(9, 0).atZone(PriceBook.SHOP_ZONE).toInstant().toEpochMilli()
					+ this.random.nextLong(8 * 3_600_000L);
		}

		private Catalog.Product search(String query, boolean clickThrough) {
			int[] results = SessionSimulator.this.catalog.search().results(query);
			this.out.add(new SearchPerformed(id(), EventType.SEARCH_PERFORMED.version(), at(), this.sessionId,
					this.visitor.anonymousId(), customerId(), this.visitor.device(), this.visitor.geo(), query,
					results.length));
			advance(120 + this.random.nextLong(600));
			boolean clicks = results.length > 0 && clickThrough && this.random.nextDouble() < 0.7;
			page("search", searchPath(query), clicks ? 6 : 10);
			if (!clicks) {
				return null;
			}
			// Shoppers click the first results most.
			int rank = Math.min(results.length - 1, (int) Seeds.exponential(this.random, 2.5));
			Catalog.Product product = SessionSimulator.this.catalog.products().get(results[rank]);
			this.context = SessionSimulator.this.catalog.leaves().get(product.leaf());
			page("product", product.url(), 0);
			viewProduct(product);
			return product;
		}

		private String searchPath(String query) {
			for (int i = 0; i < query.length(); i++) {
				char c = query.charAt(i);
				if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ')) {
					return "/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
				}
			}
			return "/search?q=" + query.replace(' ', '+');
		}

		private void viewProduct(Catalog.Product product) {
			Catalog.Leaf leaf = SessionSimulator.this.catalog.leaves().get(product.leaf());
			this.out.add(new ProductViewed(id(), EventType.PRODUCT_VIEWED.version(), at(), this.sessionId,
					this.visitor.anonymousId(), customerId(), this.visitor.device(), this.visitor.geo(), product.id(),
					product.name(), leaf.name(), leaf.path(), product.brand(),
					SessionSimulator.this.prices.price(product, this.now), SessionSimulator.this.currency));
			think(30);
		}

		private void register(String channel) {
			this.state.registered = true;
			this.registeredHere = true;
			People.Person person = SessionSimulator.this.people.draw(
					Seeds.stream(SessionSimulator.this.seed, 56, this.visitor.key()), this.visitor.country(),
					this.visitor.place(), this.day.getYear());
			this.out.add(new CustomerRegistered(id(), EventType.CUSTOMER_REGISTERED.version(), at(), this.sessionId,
					this.visitor.anonymousId(), this.visitor.customerId(), this.visitor.device(), this.visitor.geo(),
					person.name(), person.email(), person.birthYear(), person.postalCode(), channel));
			think(12);
		}

		/**
		 * A page, then a think time of median {@code seconds} on it (0: an event
		 * follows).
		 */
		private void page(String type, String url, double seconds) {
			this.out.add(new PageViewed(id(), EventType.PAGE_VIEWED.version(), at(), this.sessionId,
					this.visitor.anonymousId(), customerId(), this.visitor.device(), this.visitor.geo(), type, url));
			if (seconds > 0) {
				think(seconds);
			}
			else {
				advance(80 + this.random.nextLong(700));
			}
		}

		private String customerId() {
			return this.state.registered ? this.visitor.customerId() : null;
		}

		/** A think time of median {@code seconds} (log-normal, at least 1 s). */
		private void think(double seconds) {
			double draw = seconds * Math.exp(0.8 * Seeds.gaussian(this.random));
			advance(1_000 + (long) (draw * 1_000));
		}

		private void advance(long millis) {
			this.now += Math.max(1, millis);
		}

		private Instant at() {
			return Instant.ofEpochMilli(this.now);
		}

		private UUID id() {
			return Seeds.uuid(this.random);
		}

	}

}
