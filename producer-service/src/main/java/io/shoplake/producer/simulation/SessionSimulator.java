package io.shoplake.producer.simulation;

import java.time.Instant;
import java.time.Month;
import java.time.ZoneOffset;
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
import io.shoplake.events.Device;
import io.shoplake.events.Event;
import io.shoplake.events.OrderCompleted;
import io.shoplake.events.OrderLine;
import io.shoplake.events.PageViewed;
import io.shoplake.events.PaymentFailed;
import io.shoplake.events.ProductViewed;
import io.shoplake.events.SearchPerformed;
import io.shoplake.events.SessionStarted;

/**
 * Plays one session of one visitor: traffic source and landing, browsing with seasonal
 * Zipf-skewed product interest, cart adds and removes, checkout, failed payments,
 * registration and the order with exact totals. Everything it emits refers only to what
 * it, or the visitor's earlier sessions, emitted before; times never go backwards.
 * Deterministic in (session key, visitor state).
 */
final class SessionSimulator {

	private static final String[] SOURCES = { "organic", "paid", "email", "direct", "referral" };

	private static final WeightedChoice SOURCE = new WeightedChoice(new double[] { 0.35, 0.25, 0.1, 0.2, 0.1 });

	private static final String[] SEARCH_ENGINES = { "https://www.google.com/", "https://www.bing.com/",
			"https://duckduckgo.com/" };

	private static final String[] REFERRERS = { "https://www.reddit.com/", "https://blog.example.org/best-gifts",
			"https://www.pinterest.com/", "https://news.example.net/deals" };

	private static final String[] PAYMENT_METHODS = { "card", "paypal", "apple_pay", "google_pay", "klarna",
			"gift_card" };

	private static final WeightedChoice PAYMENT = new WeightedChoice(new double[] { 0.45, 0.2, 0.12, 0.1, 0.1, 0.03 });

	private static final String[] FAILURES = { "card_declined", "insufficient_funds", "fraud_suspected", "expired_card",
			"processor_error" };

	private static final String[] REFUND_REASONS = { "damaged", "wrong_item", "not_as_described", "changed_mind",
			"late_delivery" };

	private static final String[] SEARCH_WORDS = { "red", "black", "wireless", "organic", "kids", "gift", "set",
			"large", "small", "sale", "premium", "eco", "classic", "new" };

	/** A click older than this no longer earns an order (last-click window). */
	private static final long ATTRIBUTION_WINDOW_SECONDS = 7 * 86_400L;

	private final Catalog catalog;

	private final PriceBook prices;

	private final SimulationProperties.Behaviour behaviour;

	private final String currency;

	SessionSimulator(Catalog catalog, PriceBook prices, SimulationProperties properties) {
		this.catalog = catalog;
		this.prices = prices;
		this.behaviour = properties.behaviour();
		this.currency = properties.catalog().currency();
	}

	/**
	 * Simulates the session; appends its events to {@code out} and refunds to
	 * {@code refunds}.
	 */
	void run(long seed, long sessionKey, Instant start, Visitors.Visitor visitor, VisitorState state, List<Event> out,
			List<RefundPlan> refunds) {
		Instant begin = start.isAfter(state.busyUntil) ? start : state.busyUntil.plusSeconds(1);
		Run run = new Run(Seeds.stream(seed, 6, sessionKey), sessionKey, begin, visitor, state, out, refunds);
		run.play();
		state.busyUntil = run.now;
	}

	/** The mutable walk through one session. */
	private final class Run {

		private final SplittableRandom random;

		private final String sessionId;

		private final Visitors.Visitor visitor;

		private final VisitorState state;

		private final List<Event> out;

		private final List<RefundPlan> refunds;

		private final Device device;

		private final String anonymousId;

		private final Month month;

		private Instant now;

		Run(SplittableRandom random, long sessionKey, Instant start, Visitors.Visitor visitor, VisitorState state,
				List<Event> out, List<RefundPlan> refunds) {
			this.random = random;
			this.sessionId = "ses_" + Long.toString(sessionKey, 36);
			this.visitor = visitor;
			this.state = state;
			this.out = out;
			this.refunds = refunds;
			int deviceIndex = random.nextInt(visitor.devices().length);
			this.device = visitor.devices()[deviceIndex];
			this.anonymousId = visitor.anonymousIds()[deviceIndex];
			this.month = start.atZone(ZoneOffset.UTC).getMonth();
			this.now = start;
		}

		void play() {
			String source = SOURCES[SOURCE.next(this.random)];
			String clickId = null;
			String landing;
			String referrer = null;
			String utmSource = null;
			String utmMedium = null;
			String utmCampaign = null;
			if (source.equals("paid") || source.equals("email")) {
				Catalog.Campaign campaign = SessionSimulator.this.catalog.drawCampaign(this.random,
						source.equals("email"));
				clickId = "clk_" + this.sessionId.substring(4) + "_" + campaign.index();
				long cost = Math.max(1, Math.round(campaign.cpcMicros() * (0.5 + this.random.nextDouble())));
				this.out.add(new AdClicked(id(), 1, this.now, this.sessionId, this.anonymousId, customerId(),
						this.device, this.visitor.geo(), clickId, campaign.id(), campaign.platform(), cost,
						SessionSimulator.this.currency, campaign.utmSource(), campaign.utmMedium(),
						campaign.utmCampaign()));
				this.state.lastClickId = clickId;
				this.state.lastClickAt = this.now;
				tick(1);
				utmSource = campaign.utmSource();
				utmMedium = campaign.utmMedium();
				utmCampaign = campaign.utmCampaign();
				landing = "/c/" + this.random.nextInt(SessionSimulator.this.catalog.categories().size());
			}
			else if (source.equals("organic")) {
				referrer = SEARCH_ENGINES[this.random.nextInt(SEARCH_ENGINES.length)];
				landing = (this.random.nextBoolean()) ? "/"
						: "/c/" + this.random.nextInt(SessionSimulator.this.catalog.categories().size());
			}
			else if (source.equals("referral")) {
				referrer = REFERRERS[this.random.nextInt(REFERRERS.length)];
				utmSource = java.net.URI.create(referrer).getHost();
				utmMedium = "referral";
				landing = "/";
			}
			else {
				landing = "/";
			}
			this.out.add(new SessionStarted(id(), 1, this.now, this.sessionId, this.anonymousId, customerId(),
					this.device, this.visitor.geo(), landing, referrer, utmSource, utmMedium, utmCampaign, clickId));
			page(landing.equals("/") ? "home" : "category", landing);
			if (!this.state.registered
					&& this.random.nextDouble() < SessionSimulator.this.behaviour.registerRate() * 0.1) {
				register("web");
			}
			VisitorState.OpenCart resumed = this.state.abandonedCart;
			if (resumed != null
					&& this.random.nextDouble() < SessionSimulator.this.behaviour.abandonedCartReturnRate()) {
				this.state.abandonedCart = null;
				page("cart", "/cart");
				checkout(resumed.cartId(), new ArrayList<>(resumed.lines()));
				return;
			}
			browse();
		}

		private void browse() {
			double power = this.visitor.powerBuyer() ? 1.5 : 1.0;
			int steps = 1 + (int) Seeds.exponential(this.random, 4 * power);
			String cartId = null;
			List<VisitorState.CartLine> cart = new ArrayList<>();
			for (int step = 0; step < steps; step++) {
				double action = this.random.nextDouble();
				if (action < 0.15) {
					Catalog.Category category = SessionSimulator.this.catalog.drawCategory(this.random, this.month);
					page("category", "/c/" + category.index());
				}
				else if (action < 0.27) {
					Catalog.Product hint = SessionSimulator.this.catalog.drawProduct(this.random, this.month);
					String query = SEARCH_WORDS[this.random.nextInt(SEARCH_WORDS.length)] + " "
							+ hint.name()
								.substring(hint.name().lastIndexOf(' ') + 1)
								.toLowerCase(java.util.Locale.ROOT);
					this.out.add(new SearchPerformed(id(), 1, this.now, this.sessionId, this.anonymousId, customerId(),
							this.device, this.visitor.geo(), query, this.random.nextInt(60)));
					tick(2);
					page("search", "/search?q=" + query.replace(' ', '+'));
				}
				else {
					Catalog.Product product = SessionSimulator.this.catalog.drawProduct(this.random, this.month);
					long price = SessionSimulator.this.prices.price(product);
					page("product", "/p/" + product.id());
					this.out.add(new ProductViewed(id(), 1, this.now, this.sessionId, this.anonymousId, customerId(),
							this.device, this.visitor.geo(), product.id(), product.name(),
							SessionSimulator.this.catalog.categories().get(product.category()).name(), product.brand(),
							price, SessionSimulator.this.currency));
					tick(20);
					if (this.random.nextDouble() < SessionSimulator.this.behaviour.addToCartRate() * power) {
						if (cartId == null) {
							cartId = "crt_" + this.sessionId.substring(4);
						}
						int quantity = (this.random.nextDouble() < 0.8) ? 1 : 2 + this.random.nextInt(2);
						this.out.add(new CartItemAdded(id(), 1, this.now, this.sessionId, this.anonymousId,
								customerId(), this.device, this.visitor.geo(), cartId, product.id(), quantity, price,
								SessionSimulator.this.currency));
						cart.add(new VisitorState.CartLine(product, quantity, price));
						tick(5);
					}
				}
				if (!cart.isEmpty()
						&& this.random.nextDouble() < SessionSimulator.this.behaviour.removeFromCartRate() / 4) {
					VisitorState.CartLine line = cart.remove(this.random.nextInt(cart.size()));
					page("cart", "/cart");
					this.out.add(new CartItemRemoved(id(), 1, this.now, this.sessionId, this.anonymousId, customerId(),
							this.device, this.visitor.geo(), cartId, line.product().id(), line.quantity(),
							line.unitPriceCents(), SessionSimulator.this.currency));
					tick(3);
				}
			}
			if (cart.isEmpty()) {
				return;
			}
			double checkoutRate = SessionSimulator.this.behaviour.checkoutRate()
					* (this.visitor.powerBuyer() ? 1.2 : 1);
			if (this.random.nextDouble() < checkoutRate) {
				page("cart", "/cart");
				checkout(cartId, cart);
			}
			else {
				this.state.abandonedCart = new VisitorState.OpenCart(cartId, List.copyOf(cart));
			}
		}

		private void checkout(String cartId, List<VisitorState.CartLine> cart) {
			page("checkout", "/checkout");
			if (!this.state.registered) {
				register("checkout");
			}
			Map<String, VisitorState.CartLine> merged = new LinkedHashMap<>();
			for (VisitorState.CartLine line : cart) {
				merged.merge(line.product().id(), line, (a, b) -> new VisitorState.CartLine(a.product(),
						a.quantity() + b.quantity(), a.unitPriceCents()));
			}
			int items = merged.values().stream().mapToInt(VisitorState.CartLine::quantity).sum();
			long cartValue = merged.values().stream().mapToLong((l) -> l.quantity() * l.unitPriceCents()).sum();
			String checkoutId = "chk_" + this.sessionId.substring(4);
			this.out
				.add(new CheckoutStarted(id(), 1, this.now, this.sessionId, this.anonymousId, customerId(), this.device,
						this.visitor.geo(), checkoutId, cartId, items, cartValue, SessionSimulator.this.currency));
			tick(40);
			while (this.random.nextDouble() < SessionSimulator.this.behaviour.paymentFailureRate()) {
				this.out.add(new PaymentFailed(id(), 1, this.now, this.sessionId, this.anonymousId, customerId(),
						this.device, this.visitor.geo(), checkoutId, FAILURES[this.random.nextInt(FAILURES.length)]));
				tick(30);
				if (this.random.nextDouble() < 0.4) {
					this.state.abandonedCart = new VisitorState.OpenCart(cartId, List.copyOf(cart));
					return;
				}
			}
			order(checkoutId, new ArrayList<>(merged.values()));
		}

		private void order(String checkoutId, List<VisitorState.CartLine> cart) {
			String orderId = "ord_" + this.sessionId.substring(4);
			List<OrderLine> lines = new ArrayList<>(cart.size());
			long subtotal = 0;
			for (int i = 0; i < cart.size(); i++) {
				VisitorState.CartLine line = cart.get(i);
				long gross = line.quantity() * line.unitPriceCents();
				long discount = (this.random.nextDouble() < SessionSimulator.this.behaviour.lineDiscountRate())
						? gross * (5 + this.random.nextInt(26)) / 100 : 0;
				lines.add(new OrderLine(orderId + "-" + (i + 1), line.product().id(), line.quantity(),
						line.unitPriceCents(), discount));
				subtotal += gross - discount;
			}
			boolean coupon = this.random.nextDouble() < SessionSimulator.this.behaviour.couponRate();
			long orderDiscount = coupon ? subtotal / 10 : 0;
			long shipping = (subtotal - orderDiscount >= SessionSimulator.this.behaviour.freeShippingFromCents()) ? 0
					: SessionSimulator.this.behaviour.shippingCents();
			long tax = ((subtotal - orderDiscount + shipping) * this.visitor.taxBasisPoints() + 5_000) / 10_000;
			long total = subtotal - orderDiscount + shipping + tax;
			String clickId = (this.state.lastClickId != null && this.state.lastClickAt
				.getEpochSecond() >= this.now.getEpochSecond() - ATTRIBUTION_WINDOW_SECONDS) ? this.state.lastClickId
						: null;
			this.out.add(new OrderCompleted(id(), 1, this.now, this.sessionId, this.anonymousId, customerId(),
					this.device, this.visitor.geo(), orderId, checkoutId, lines, subtotal, orderDiscount, shipping, tax,
					total, SessionSimulator.this.currency, PAYMENT_METHODS[PAYMENT.next(this.random)],
					coupon ? "WELCOME10" : null, clickId));
			tick(10);
			page("home", "/order/" + orderId + "/thanks");
			planRefund(orderId, lines, subtotal, orderDiscount);
		}

		private void planRefund(String orderId, List<OrderLine> lines, long subtotal, long orderDiscount) {
			Instant at = this.now.plusSeconds(86_400L * (2 + this.random.nextInt(20)) + this.random.nextInt(86_400));
			Month refundMonth = at.atZone(ZoneOffset.UTC).getMonth();
			double rate = SessionSimulator.this.behaviour.refundRate() * (refundMonth == Month.JANUARY ? 1.6 : 1.0);
			if (this.random.nextDouble() >= rate) {
				return;
			}
			List<String> lineIds = new ArrayList<>();
			long net = 0;
			for (OrderLine line : lines) {
				if (lineIds.isEmpty() || this.random.nextDouble() < 0.3) {
					lineIds.add(line.lineId());
					net += line.netCents();
				}
			}
			// The refunded lines' share of the order discount is not given back twice.
			long amount = net - (subtotal == 0 ? 0 : orderDiscount * net / subtotal);
			if (amount > 0) {
				this.refunds.add(new RefundPlan(at, this.random.nextLong(), this.visitor.index(), orderId,
						List.copyOf(lineIds), amount, REFUND_REASONS[this.random.nextInt(REFUND_REASONS.length)]));
			}
		}

		private void register(String channel) {
			this.state.registered = true;
			this.out.add(new CustomerRegistered(id(), 1, this.now, this.sessionId, this.anonymousId,
					this.visitor.customerId(), this.device, this.visitor.geo(), this.visitor.name(),
					this.visitor.email(), this.visitor.birthYear(), channel));
			tick(15);
		}

		private void page(String type, String url) {
			this.out.add(new PageViewed(id(), 1, this.now, this.sessionId, this.anonymousId, customerId(), this.device,
					this.visitor.geo(), type, url));
			tick(8);
		}

		private String customerId() {
			return this.state.registered ? this.visitor.customerId() : null;
		}

		/** Advances the session clock by an exponential think time (at least 1 ms). */
		private void tick(double meanSeconds) {
			this.now = this.now.plusMillis(1 + (long) Seeds.exponential(this.random, meanSeconds * 1000));
		}

		private UUID id() {
			return Seeds.uuid(this.random);
		}

	}

}
