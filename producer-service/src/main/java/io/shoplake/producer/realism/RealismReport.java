package io.shoplake.producer.realism;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.shoplake.events.AdClicked;
import io.shoplake.events.AdImpressionsReported;
import io.shoplake.events.CartItemAdded;
import io.shoplake.events.CheckoutStarted;
import io.shoplake.events.CustomerRegistered;
import io.shoplake.events.Event;
import io.shoplake.events.OrderCompleted;
import io.shoplake.events.OrderLine;
import io.shoplake.events.OrderRefunded;
import io.shoplake.events.PageViewed;
import io.shoplake.events.PaymentFailed;
import io.shoplake.events.ProductPriceChanged;
import io.shoplake.events.ProductViewed;
import io.shoplake.events.SearchPerformed;
import io.shoplake.events.SessionStarted;
import io.shoplake.producer.geo.Geography;

/**
 * Measures how real a stream of valid events reads: every metric of
 * {@code realism/bands.yml} and the figures that give a generator away. Fed event by
 * event — the simulation's output in time order, or a lake's lines — it keeps per-day
 * counts, the sessions still open, and bounded look-ups (cookies for 14 days, orders for
 * 22, clicks for 8), so it can run beside traffic for as long as traffic runs. Not
 * thread-safe.
 */
public final class RealismReport {

	/** A session is folded into its day once nothing happened in it for this long. */
	private static final Duration SESSION_IDLE = Duration.ofHours(4);

	private static final Duration EVICTION_EVERY = Duration.ofMinutes(10);

	private static final int NEW_VISITOR_LOOKBACK_DAYS = 14;

	private static final int REFUND_DAYS = 21;

	private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

	private static final Set<String> PAID_PLATFORMS = Set.of("google", "meta", "tiktok");

	private static final Pattern NUMBERED = Pattern.compile(".* \\d+$");

	private static final Pattern SEQUENTIAL_EMAIL = Pattern.compile("^[a-z]+(\\.[a-z]+)+\\.\\d+@.*");

	private static final Pattern NUMBERED_PAGE = Pattern.compile("^/[a-z]/\\d+$");

	private static final Pattern SEQUENTIAL_CUSTOMER = Pattern.compile("^cus_\\d+$");

	private static final ZoneId SHOP_ZONE = ZoneId.of("Europe/Berlin");

	private static final int MAX_TRACKED = 500_000;

	/** Fewer customers (or orders) than this say nothing about a tell of theirs. */
	private static final int MIN_CUSTOMERS = 500;

	private static final int MIN_ORDERS = 1_000;

	private final Bands bands;

	private final Geography geography = Geography.get();

	private final NavigableMap<LocalDate, DayStats> days = new TreeMap<>();

	private final OpenSessions open = new OpenSessions();

	/** Cookie → the last day it started a session (epoch day). */
	private final HashedTable lastSeen = new HashedTable(1);

	/** Order → when it was placed (epoch millisecond), whether a refund was counted. */
	private final HashedTable orders = new HashedTable(2);

	/** Click → its platform (a number of {@link #platforms}). */
	private final HashedTable clickPlatforms = new HashedTable(1);

	private final Names platforms = new Names("ad platforms", Integer.MAX_VALUE);

	private final Tells tells = new Tells();

	private LocalDate firstDay;

	private Instant newest = Instant.EPOCH;

	/** When the open sessions are next folded. */
	private Instant nextEviction = Instant.EPOCH;

	/** The day (epoch day) the look-ups were last pruned on. */
	private long prunedOn = Long.MIN_VALUE;

	public RealismReport() {
		this(Bands.load());
	}

	public RealismReport(Bands bands) {
		this.bands = bands;
	}

	/** Counts one valid event. */
	public void accept(Event event) {
		Instant at = event.occurredAt();
		if (at.isAfter(this.newest)) {
			this.newest = at;
		}
		if (event instanceof SessionStarted started) {
			start(started);
		}
		else {
			count(event, this.open.see(event));
		}
		// Every 10 simulated minutes (a walk over the open sessions; per event it would
		// cost as much as there are open sessions).
		if (!this.newest.isBefore(this.nextEviction)) {
			this.nextEviction = this.newest.plus(EVICTION_EVERY);
			evict(this.newest.minus(SESSION_IDLE));
		}
	}

	private void start(SessionStarted started) {
		LocalDate day = day(started.occurredAt());
		if (this.firstDay == null || day.isBefore(this.firstDay)) {
			this.firstDay = day;
		}
		long epochDay = day.toEpochDay();
		long cookie = HashedTable.hash(started.anonymousId());
		int slot = this.lastSeen.find(cookie);
		boolean isNew = slot < 0 || this.lastSeen.get(slot, 0) < epochDay - NEW_VISITOR_LOOKBACK_DAYS;
		this.lastSeen.set((slot < 0) ? this.lastSeen.add(cookie) : slot, 0, epochDay);
		ZoneId zone = this.geography.zoneOf(started.geo().country(), started.geo().city());
		int localHour = started.occurredAt().atZone(zone).getHour();
		this.open.start(started.sessionId(), started.occurredAt().toEpochMilli(), day, isNew, localHour,
				started.device().type(), started.geo().country());
		this.tells.landing(started.landingPage());
	}

	private void count(Event event, boolean sessionOpen) {
		if (event instanceof OrderCompleted order) {
			order(order, sessionOpen);
		}
		else if (event instanceof PaymentFailed failed) {
			DayStats day = stats(day(failed.occurredAt()));
			day.paymentFailures++;
			day.failureReasons.merge(failed.reason(), 1L, Long::sum);
		}
		else if (event instanceof OrderRefunded refund) {
			int slot = this.orders.find(HashedTable.hash(refund.orderId()));
			if (slot >= 0 && this.orders.get(slot, 1) == 0) {
				long placedAt = this.orders.get(slot, 0);
				if ((refund.occurredAt().toEpochMilli() - placedAt) / DAY_MILLIS < REFUND_DAYS) {
					this.orders.set(slot, 1, 1);
					stats(LocalDate.ofEpochDay(Math.floorDiv(placedAt, DAY_MILLIS))).refundedOrders++;
				}
			}
			this.tells.refund(refund.occurredAt());
		}
		else if (event instanceof AdClicked click) {
			if (this.clickPlatforms.size() < MAX_TRACKED) {
				this.clickPlatforms.set(this.clickPlatforms.put(HashedTable.hash(click.clickId())), 0,
						this.platforms.number(click.adPlatform()));
			}
			DayStats day = stats(day(click.occurredAt()));
			day.clicks.merge(click.adPlatform(), 1L, Long::sum);
			day.costMicros.merge(click.adPlatform(), click.costMicros(), Long::sum);
			this.tells.click(click);
		}
		else if (event instanceof AdImpressionsReported report) {
			stats(report.reportDate()).impressions.merge(report.adPlatform(), (long) report.impressions(), Long::sum);
		}
		else if (event instanceof CustomerRegistered customer) {
			this.tells.customer(customer);
		}
		else if (event instanceof ProductViewed product) {
			this.tells.product(product);
		}
		else if (event instanceof SearchPerformed search) {
			this.tells.search(search);
		}
		else if (event instanceof ProductPriceChanged change) {
			this.tells.priceChange(change);
		}
		else if (event instanceof CheckoutStarted checkout) {
			this.tells.checkout(checkout);
		}
		else if (event instanceof CartItemAdded added) {
			this.tells.cart(added);
		}
	}

	private void order(OrderCompleted order, boolean sessionOpen) {
		LocalDate date = day(order.occurredAt());
		DayStats day = stats(date);
		day.orders++;
		day.totalCents += order.totalCents();
		day.lines += order.lines().size();
		for (OrderLine line : order.lines()) {
			day.units += line.quantity();
			day.productRevenue.merge(line.productId(), line.netCents(), Long::sum);
		}
		if (order.clickId() != null) {
			int slot = this.clickPlatforms.find(HashedTable.hash(order.clickId()));
			if (slot >= 0) {
				day.attributedCents.merge(this.platforms.name((int) this.clickPlatforms.get(slot, 0)),
						order.subtotalCents() - order.discountCents(), Long::sum);
			}
		}
		if (this.orders.size() < MAX_TRACKED) {
			int slot = this.orders.put(HashedTable.hash(order.orderId()));
			this.orders.set(slot, 0, order.occurredAt().toEpochMilli());
			this.orders.set(slot, 1, 0);
		}
		this.tells.order(order, sessionOpen);
	}

	/**
	 * Folds the sessions idle since {@code before} into their days; prunes the look-ups.
	 */
	private void evict(Instant before) {
		this.open.foldIdle(before.toEpochMilli(), this::stats);
		long today = day(this.newest).toEpochDay();
		if (today != this.prunedOn) {
			// Once a day: the look-ups hold days of entries, walking them is not free.
			this.prunedOn = today;
			long cookiesFrom = today - NEW_VISITOR_LOOKBACK_DAYS - 1;
			this.lastSeen.removeIf((slot) -> this.lastSeen.get(slot, 0) < cookiesFrom);
			long ordersFrom = today - REFUND_DAYS - 1;
			this.orders.removeIf((slot) -> Math.floorDiv(this.orders.get(slot, 0), DAY_MILLIS) < ordersFrom);
		}
		if (this.clickPlatforms.size() >= MAX_TRACKED) {
			this.clickPlatforms.clear();
		}
	}

	private DayStats stats(LocalDate date) {
		return this.days.computeIfAbsent(date, (k) -> new DayStats());
	}

	private static LocalDate day(Instant at) {
		return LocalDate.ofInstant(at, ZoneOffset.UTC);
	}

	/** The first and last event dates counted, or empty before any. */
	public Optional<LocalDate[]> range() {
		if (this.days.isEmpty() && this.open.isEmpty()) {
			return Optional.empty();
		}
		LocalDate first = (this.firstDay != null) ? this.firstDay : this.days.firstKey();
		LocalDate last = this.open.latestDay(this.days.isEmpty() ? first : this.days.lastKey());
		return Optional.of(new LocalDate[] { first, last });
	}

	/** The card of every event counted so far. */
	public Scorecard card() {
		if (this.days.isEmpty() && this.open.isEmpty()) {
			throw new IllegalStateException("no events counted");
		}
		LocalDate from = (this.firstDay != null) ? this.firstDay : this.days.firstKey();
		LocalDate to = this.days.isEmpty() ? from : this.days.lastKey();
		return card(from, to);
	}

	/**
	 * The card of the event dates {@code from} to {@code to} (inclusive); sessions still
	 * open count as they stand.
	 */
	public Scorecard card(LocalDate from, LocalDate to) {
		NavigableMap<LocalDate, DayStats> range = new TreeMap<>();
		this.days.subMap(from, true, to, true).forEach((date, stats) -> range.put(date, stats.copy()));
		this.open.foldInto(from, to, (day) -> range.computeIfAbsent(day, (k) -> new DayStats()));
		return new Card(range, from, to).build();
	}

	/**
	 * Whether a day is ordinary: away from the Black Friday sales (a week before it to
	 * two days after Cyber Monday) and Christmas (15 December to 6 January).
	 */
	static boolean ordinary(LocalDate date) {
		LocalDate blackFriday = blackFriday(date.getYear());
		// The sales run a week before Black Friday to Cyber Monday; the carts left in
		// them
		// are still coming back two days after.
		if (!date.isBefore(blackFriday.minusDays(7)) && !date.isAfter(blackFriday.plusDays(5))) {
			return false;
		}
		boolean christmas = (date.getMonth() == Month.DECEMBER && date.getDayOfMonth() >= 15)
				|| (date.getMonth() == Month.JANUARY && date.getDayOfMonth() <= 6);
		return !christmas;
	}

	/** The day after the fourth Thursday of November. */
	static LocalDate blackFriday(int year) {
		return LocalDate.of(year, Month.NOVEMBER, 1)
			.with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY))
			.plusDays(1);
	}

	/** Works the card out of a range of days. */
	private final class Card {

		private final NavigableMap<LocalDate, DayStats> range;

		private final LocalDate from;

		private final LocalDate to;

		private final DayStats all = new DayStats();

		private final DayStats ordinary = new DayStats();

		private final List<Scorecard.Metric> metrics = new ArrayList<>();

		Card(NavigableMap<LocalDate, DayStats> range, LocalDate from, LocalDate to) {
			this.range = range;
			this.from = from;
			this.to = to;
			range.forEach((date, stats) -> {
				this.all.add(stats);
				if (ordinary(date)) {
					this.ordinary.add(stats);
				}
			});
		}

		Scorecard build() {
			DayStats o = this.ordinary;
			ratio("conversion", o.sessionsWithOrder, o.sessions);
			ratio("add_to_cart", o.sessionsWithCart, o.sessions);
			value("cart_abandonment",
					(o.sessionsWithCart > 0) ? 1 - (double) o.sessionsWithOrder / o.sessionsWithCart : Double.NaN);
			ratio("checkout_to_order", o.checkoutsWithOrder, o.sessionsWithCheckout);
			ratio("bounce", this.all.bounces, this.all.sessions);
			newVisitors();
			ratio("mobile_share", this.all.deviceSessions[OpenSessions.MOBILE], this.all.sessions);
			double desktop = (double) o.deviceOrders[OpenSessions.DESKTOP] / o.deviceSessions[OpenSessions.DESKTOP];
			double mobile = (double) o.deviceOrders[OpenSessions.MOBILE] / o.deviceSessions[OpenSessions.MOBILE];
			value("desktop_to_mobile_conversion", desktop / mobile);
			ratio("units_per_order", o.units, o.orders);
			ratio("lines_per_order", o.lines, o.orders);
			value("average_order_value", (o.orders > 0) ? o.totalCents / 100.0 / o.orders : Double.NaN);
			refunds();
			ratio("payment_failures", this.all.paymentFailures, this.all.paymentFailures + this.all.orders);
			ratio("commonest_failure_reason",
					this.all.failureReasons.values().stream().mapToLong(Long::longValue).max().orElse(0),
					this.all.paymentFailures);
			platforms();
			topProducts();
			hours();
			blackFriday();
			trend();
			return new Scorecard(this.from, this.to, this.all.sessions, List.copyOf(this.metrics),
					RealismReport.this.tells.list(this.all));
		}

		private void newVisitors() {
			long sessions = 0;
			long fresh = 0;
			LocalDate earliest = (RealismReport.this.firstDay != null)
					? RealismReport.this.firstDay.plusDays(NEW_VISITOR_LOOKBACK_DAYS) : this.to.plusDays(1);
			for (Map.Entry<LocalDate, DayStats> day : this.range.tailMap(earliest, true).entrySet()) {
				sessions += day.getValue().sessions;
				fresh += day.getValue().newVisitorSessions;
			}
			ratio("new_visitors", fresh, sessions);
		}

		private void refunds() {
			long orders = 0;
			long refunded = 0;
			for (DayStats day : this.range.headMap(this.to.minusDays(REFUND_DAYS), true).values()) {
				orders += day.orders;
				refunded += day.refundedOrders;
			}
			ratio("refunded_orders", refunded, orders);
		}

		private void platforms() {
			double[] roas = { Double.NaN, Double.NaN };
			double[] ctr = { Double.NaN, Double.NaN };
			List<String> roasShown = new ArrayList<>();
			List<String> ctrShown = new ArrayList<>();
			for (String platform : new java.util.TreeSet<>(PAID_PLATFORMS)) {
				long cost = this.all.costMicros.getOrDefault(platform, 0L);
				long clicks = this.all.clicks.getOrDefault(platform, 0L);
				long impressions = this.all.impressions.getOrDefault(platform, 0L);
				if (cost > 0) {
					double value = this.all.attributedCents.getOrDefault(platform, 0L) / (cost / 10_000.0);
					roas[0] = Double.isNaN(roas[0]) ? value : Math.min(roas[0], value);
					roas[1] = Double.isNaN(roas[1]) ? value : Math.max(roas[1], value);
					roasShown.add(platform + " " + String.format(Locale.ROOT, "%.2f", value));
				}
				if (impressions > 0) {
					double value = (double) clicks / impressions;
					ctr[0] = Double.isNaN(ctr[0]) ? value : Math.min(ctr[0], value);
					ctr[1] = Double.isNaN(ctr[1]) ? value : Math.max(ctr[1], value);
					ctrShown.add(platform + " " + String.format(Locale.ROOT, "%.2f %%", value * 100));
				}
			}
			twoSided("roas", roas, String.join(", ", roasShown));
			twoSided("click_through_rate", ctr, ctrShown.isEmpty() ? "no impressions" : String.join(", ", ctrShown));
		}

		private void topProducts() {
			Map<String, Long> revenue = new HashMap<>();
			this.range.values()
				.forEach((day) -> day.productRevenue
					.forEach((product, cents) -> revenue.merge(product, cents, Long::sum)));
			long[] sorted = revenue.values().stream().mapToLong(Long::longValue).sorted().toArray();
			long total = Arrays.stream(sorted).sum();
			int top = (int) Math.ceil(sorted.length * 0.2);
			long topRevenue = 0;
			for (int i = sorted.length - 1; i >= sorted.length - top && i >= 0; i--) {
				topRevenue += sorted[i];
			}
			ratio("top_products_revenue_share", topRevenue, total);
		}

		private void hours() {
			Map<String, long[]> byCountry = new TreeMap<>();
			this.range.forEach((date, day) -> {
				if (ordinary(date)) {
					day.localHours.forEach((country, hours) -> {
						long[] sum = byCountry.computeIfAbsent(country, (k) -> new long[24]);
						for (int h = 0; h < 24; h++) {
							sum[h] += hours[h];
						}
					});
				}
			});
			double[] peaks = { Double.NaN, Double.NaN };
			double[] troughs = { Double.NaN, Double.NaN };
			List<String> peakShown = new ArrayList<>();
			List<String> troughShown = new ArrayList<>();
			byCountry.forEach((country, hours) -> {
				int peak = 0;
				int trough = 0;
				for (int h = 1; h < 24; h++) {
					peak = (hours[h] > hours[peak]) ? h : peak;
					trough = (hours[h] < hours[trough]) ? h : trough;
				}
				peaks[0] = Double.isNaN(peaks[0]) ? peak : Math.min(peaks[0], peak);
				peaks[1] = Double.isNaN(peaks[1]) ? peak : Math.max(peaks[1], peak);
				troughs[0] = Double.isNaN(troughs[0]) ? trough : Math.min(troughs[0], trough);
				troughs[1] = Double.isNaN(troughs[1]) ? trough : Math.max(troughs[1], trough);
				peakShown.add(country + " " + peak);
				troughShown.add(country + " " + trough);
			});
			twoSided("peak_hour", peaks, String.join(", ", peakShown));
			twoSided("trough_hour", troughs, String.join(", ", troughShown));
		}

		private void blackFriday() {
			DayStats friday = null;
			for (Map.Entry<LocalDate, DayStats> day : this.range.entrySet()) {
				if (day.getKey().equals(RealismReport.blackFriday(day.getKey().getYear()))) {
					friday = day.getValue();
				}
			}
			long ordinaryDays = this.range.keySet().stream().filter(RealismReport::ordinary).count();
			if (friday == null || ordinaryDays == 0 || this.ordinary.sessions == 0) {
				value("black_friday_sessions", Double.NaN);
				value("black_friday_conversion", Double.NaN);
				value("black_friday_aov", Double.NaN);
				return;
			}
			value("black_friday_sessions", friday.sessions / ((double) this.ordinary.sessions / ordinaryDays));
			value("black_friday_conversion", ((double) friday.sessionsWithOrder / friday.sessions)
					/ ((double) this.ordinary.sessionsWithOrder / this.ordinary.sessions));
			value("black_friday_aov", ((double) friday.totalCents / friday.orders)
					/ ((double) this.ordinary.totalCents / this.ordinary.orders));
		}

		private void trend() {
			DayStats first = new DayStats();
			DayStats last = new DayStats();
			this.range.headMap(this.from.plusDays(7), false).forEach((date, day) -> {
				if (ordinary(date)) {
					first.add(day);
				}
			});
			this.range.tailMap(this.to.minusDays(6), true).forEach((date, day) -> {
				if (ordinary(date)) {
					last.add(day);
				}
			});
			value("conversion_trend", ((double) last.sessionsWithOrder / last.sessions)
					/ ((double) first.sessionsWithOrder / first.sessions));
		}

		private void ratio(String id, long part, long whole) {
			value(id, (whole > 0) ? (double) part / whole : Double.NaN);
		}

		private void value(String id, double value) {
			Bands.Band band = RealismReport.this.bands.band(id);
			this.metrics.add(new Scorecard.Metric(id, band.title(), Double.isNaN(value) ? null : new double[] { value },
					Double.isNaN(value) ? "n/a" : format(band, value),
					format(band, band.min()) + " – " + format(band, band.max()),
					Double.isNaN(value) ? "n/a" : band.contains(value) ? "in band" : "out of band"));
		}

		private void twoSided(String id, double[] lowHigh, String shown) {
			Bands.Band band = RealismReport.this.bands.band(id);
			boolean known = !Double.isNaN(lowHigh[0]);
			this.metrics.add(new Scorecard.Metric(id, band.title(), known ? lowHigh.clone() : null,
					known ? shown : "n/a", format(band, band.min()) + " – " + format(band, band.max()), !known ? "n/a"
							: (band.contains(lowHigh[0]) && band.contains(lowHigh[1])) ? "in band" : "out of band"));
		}

	}

	static String format(Bands.Band band, double value) {
		return switch (band.unit()) {
			case "percent" -> String.format(Locale.ROOT, "%.2f %%", value * 100);
			case "euro" -> String.format(Locale.ROOT, "%.2f EUR", value);
			case "hour" -> String.format(Locale.ROOT, "%.0f h", value);
			default -> String.format(Locale.ROOT, "%.2f", value);
		};
	}

	/** What one UTC event date counted. */
	static final class DayStats {

		long sessions;

		final long[] deviceSessions = new long[3];

		final long[] deviceOrders = new long[3];

		long sessionsWithOrder;

		long sessionsWithCart;

		long sessionsWithCheckout;

		long checkoutsWithOrder;

		long bounces;

		long newVisitorSessions;

		long sameMillisecondStarts;

		long orders;

		long units;

		long lines;

		long totalCents;

		long refundedOrders;

		long paymentFailures;

		final Map<String, Long> failureReasons = new HashMap<>();

		final Map<String, Long> clicks = new HashMap<>();

		final Map<String, Long> costMicros = new HashMap<>();

		final Map<String, Long> impressions = new HashMap<>();

		final Map<String, Long> attributedCents = new HashMap<>();

		final Map<String, Long> productRevenue = new HashMap<>();

		final Map<String, long[]> localHours = new HashMap<>();

		void add(DayStats other) {
			this.sessions += other.sessions;
			for (int i = 0; i < 3; i++) {
				this.deviceSessions[i] += other.deviceSessions[i];
				this.deviceOrders[i] += other.deviceOrders[i];
			}
			this.sessionsWithOrder += other.sessionsWithOrder;
			this.sessionsWithCart += other.sessionsWithCart;
			this.sessionsWithCheckout += other.sessionsWithCheckout;
			this.checkoutsWithOrder += other.checkoutsWithOrder;
			this.bounces += other.bounces;
			this.newVisitorSessions += other.newVisitorSessions;
			this.sameMillisecondStarts += other.sameMillisecondStarts;
			this.orders += other.orders;
			this.units += other.units;
			this.lines += other.lines;
			this.totalCents += other.totalCents;
			this.refundedOrders += other.refundedOrders;
			this.paymentFailures += other.paymentFailures;
			merge(this.failureReasons, other.failureReasons);
			merge(this.clicks, other.clicks);
			merge(this.costMicros, other.costMicros);
			merge(this.impressions, other.impressions);
			merge(this.attributedCents, other.attributedCents);
			merge(this.productRevenue, other.productRevenue);
			other.localHours.forEach((country, hours) -> {
				long[] mine = this.localHours.computeIfAbsent(country, (k) -> new long[24]);
				for (int h = 0; h < 24; h++) {
					mine[h] += hours[h];
				}
			});
		}

		DayStats copy() {
			DayStats copy = new DayStats();
			copy.add(this);
			return copy;
		}

		private static void merge(Map<String, Long> into, Map<String, Long> from) {
			from.forEach((key, value) -> into.merge(key, value, Long::sum));
		}

	}

	/** The figures that give a generator away. */
	private final class Tells {

		/** Full name → customers of that name. */
		private final HashedTable fullNames = new HashedTable(1);

		private long customers;

		private long sequentialEmails;

		private final Set<String> emailDomains = new HashSet<>();

		private long seniors;

		private final Map<String, Set<String>> citiesByCountry = new TreeMap<>();

		private final Set<String> brands = new HashSet<>();

		private final Set<String> categories = new HashSet<>();

		private long landings;

		private long numberedLandings;

		/** Query → the result count it had first. */
		private final HashedTable resultsOfQuery = new HashedTable(1);

		private long repeatedQueries;

		private long inconsistentQueries;

		private final Set<String> couponCodes = new HashSet<>();

		private long orders;

		private long embeddedIds;

		private long sequentialCustomers;

		private final Map<LocalDate, Instant[]> repricing = new TreeMap<>();

		private long refunds;

		private long refundsInSupportHours;

		private long clicks;

		private long embeddedClickIds;

		void landing(String page) {
			this.landings++;
			if (page != null && NUMBERED_PAGE.matcher(page).matches()) {
				this.numberedLandings++;
			}
		}

		void customer(CustomerRegistered customer) {
			this.customers++;
			if (this.fullNames.size() < MAX_TRACKED) {
				int slot = this.fullNames.put(HashedTable.hash(customer.name()));
				this.fullNames.set(slot, 0, this.fullNames.get(slot, 0) + 1);
			}
			String email = customer.email();
			if (SEQUENTIAL_EMAIL.matcher(email).matches()) {
				this.sequentialEmails++;
			}
			this.emailDomains.add(email.substring(email.indexOf('@') + 1));
			if (customer.occurredAt().atZone(ZoneOffset.UTC).getYear() - customer.birthYear() > 70) {
				this.seniors++;
			}
			this.citiesByCountry.computeIfAbsent(customer.geo().country(), (k) -> new HashSet<>())
				.add(customer.geo().city());
			if (customer.customerId() != null && SEQUENTIAL_CUSTOMER.matcher(customer.customerId()).matches()) {
				this.sequentialCustomers++;
			}
		}

		void product(ProductViewed product) {
			if (this.brands.size() < 10_000) {
				this.brands.add(product.brand());
			}
			if (this.categories.size() < 10_000) {
				this.categories.add(product.category());
			}
		}

		void search(SearchPerformed search) {
			long key = HashedTable.hash(search.query());
			int slot = this.resultsOfQuery.find(key);
			if (slot < 0) {
				if (this.resultsOfQuery.size() < MAX_TRACKED) {
					this.resultsOfQuery.set(this.resultsOfQuery.add(key), 0, search.resultsCount());
				}
			}
			else {
				this.repeatedQueries++;
				if (this.resultsOfQuery.get(slot, 0) != search.resultsCount()) {
					this.inconsistentQueries++;
				}
			}
		}

		void order(OrderCompleted order, boolean sessionOpen) {
			this.orders++;
			if (order.couponCode() != null) {
				this.couponCodes.add(order.couponCode());
			}
			if (sessionOpen) {
				String session = withoutPrefix(order.sessionId());
				if (session.length() >= 4
						&& (order.orderId().contains(session) || order.checkoutId().contains(session))) {
					this.embeddedIds++;
				}
			}
		}

		void checkout(CheckoutStarted checkout) {
		}

		void cart(CartItemAdded added) {
		}

		void click(AdClicked click) {
			this.clicks++;
			String session = withoutPrefix(click.sessionId());
			if (session.length() >= 4 && click.clickId().contains(session)) {
				this.embeddedClickIds++;
			}
		}

		void priceChange(ProductPriceChanged change) {
			Instant[] span = this.repricing.computeIfAbsent(day(change.occurredAt()),
					(k) -> new Instant[] { change.occurredAt(), change.occurredAt() });
			if (change.occurredAt().isBefore(span[0])) {
				span[0] = change.occurredAt();
			}
			if (change.occurredAt().isAfter(span[1])) {
				span[1] = change.occurredAt();
			}
		}

		void refund(Instant at) {
			this.refunds++;
			ZonedDateTime local = at.atZone(SHOP_ZONE);
			if (local.getDayOfWeek().getValue() <= 5 && local.getHour() >= 8 && local.getHour() < 18) {
				this.refundsInSupportHours++;
			}
		}

		List<Scorecard.Tell> list(DayStats all) {
			List<Scorecard.Tell> tells = new ArrayList<>();
			long[] top = { 0 };
			this.fullNames.forEach((slot) -> top[0] = Math.max(top[0], this.fullNames.get(slot, 0)));
			long topName = top[0];
			double nameShare = (this.customers > 0) ? (double) topName / this.customers : 0;
			tells.add(new Scorecard.Tell("full_name_share",
					"Most common full name, share of " + this.customers + " customers", nameShare, percent(nameShare),
					"≤ 0.10 % (of 10,000+)", nameShare <= 0.001, this.customers >= 10_000));
			double sequential = share(this.sequentialEmails, this.customers);
			tells.add(new Scorecard.Tell("numbered_emails", "E-mails first.last.<number>@", sequential,
					percent(sequential), "< 20 %", sequential < 0.2, this.customers >= MIN_CUSTOMERS));
			boolean reserved = !this.emailDomains.isEmpty() && this.emailDomains.stream()
				.allMatch((domain) -> domain.equals("example.com") || domain.equals("example.net")
						|| domain.equals("example.org"));
			tells.add(new Scorecard.Tell("email_domains", "E-mail domains (reserved example.* only)",
					this.emailDomains.size(), String.join(", ", new java.util.TreeSet<>(this.emailDomains)),
					"the three reserved ones", reserved && this.emailDomains.size() == 3,
					this.customers >= MIN_CUSTOMERS));
			double seniorShare = share(this.seniors, this.customers);
			tells.add(new Scorecard.Tell("customers_over_70", "Customers over 70", seniorShare, percent(seniorShare),
					"< 8 % (online shoppers are young)", seniorShare < 0.08, this.customers >= MIN_CUSTOMERS));
			int minCities = this.citiesByCountry.values().stream().mapToInt(Set::size).min().orElse(0);
			int maxCities = this.citiesByCountry.values().stream().mapToInt(Set::size).max().orElse(0);
			tells.add(new Scorecard.Tell("cities_per_country", "Distinct cities per country (fewest, most)", minCities,
					minCities + " – " + maxCities, "varies with the country", maxCities > minCities,
					this.customers >= MIN_CUSTOMERS));
			long numberedBrands = this.brands.stream().filter((brand) -> NUMBERED.matcher(brand).matches()).count();
			tells.add(new Scorecard.Tell("numbered_brands", "Brands with a number suffix", numberedBrands,
					numberedBrands + " of " + this.brands.size(), "0", numberedBrands == 0, !this.brands.isEmpty()));
			long joined = this.categories.stream().filter((category) -> category.contains(", ")).count();
			tells.add(new Scorecard.Tell("joined_categories", "Categories joined by commas", joined,
					joined + " of " + this.categories.size(), "0", joined == 0, !this.categories.isEmpty()));
			double numbered = share(this.numberedLandings, this.landings);
			tells.add(new Scorecard.Tell("numbered_landing_pages", "Landing pages like /c/14", numbered,
					percent(numbered), "0 % (slugs)", numbered == 0, this.landings > 0));
			double inconsistent = share(this.inconsistentQueries, this.repeatedQueries);
			tells.add(new Scorecard.Tell("search_results", "Repeated queries with another result count", inconsistent,
					percent(inconsistent) + " of " + this.repeatedQueries, "0 % (results come from the catalogue)",
					inconsistent == 0, this.repeatedQueries > 0));
			tells.add(new Scorecard.Tell("coupon_codes", "Distinct coupon codes", this.couponCodes.size(),
					String.valueOf(this.couponCodes.size()), "several (welcome, seasonal, newsletter, creators)",
					this.couponCodes.size() >= 4, this.orders >= MIN_ORDERS));
			double embedded = share(this.embeddedIds + this.embeddedClickIds, this.orders + this.clicks);
			tells.add(new Scorecard.Tell("embedded_ids", "Order, checkout and click ids that embed their session's id",
					embedded, percent(embedded), "0 %", embedded == 0, this.orders + this.clicks > 0));
			double sequentialIds = share(this.sequentialCustomers, this.customers);
			tells.add(new Scorecard.Tell("sequential_customer_ids", "Customer ids that count up (cus_0000042)",
					sequentialIds, percent(sequentialIds), "0 %", sequentialIds == 0, this.customers > 0));
			double sameMillisecond = share(all.sameMillisecondStarts, all.sessions);
			tells.add(new Scorecard.Tell("same_millisecond_starts",
					"Sessions whose first two events share a millisecond", sameMillisecond, percent(sameMillisecond),
					"< 1 %", sameMillisecond < 0.01, all.sessions > 0));
			double spread = this.repricing.values()
				.stream()
				.mapToDouble((span) -> Duration.between(span[0], span[1]).toSeconds() / 60.0)
				.min()
				.orElse(0);
			tells.add(new Scorecard.Tell("repricing_spread", "Nightly repricing spread (shortest night, minutes)",
					spread, String.format(Locale.ROOT, "%.1f min", spread), "≥ 10 min (a batch job)", spread >= 10,
					!this.repricing.isEmpty()));
			double supportHours = share(this.refundsInSupportHours, this.refunds);
			tells.add(new Scorecard.Tell("refunds_in_support_hours",
					"Refunds issued Mon-Fri 8-18 h shop time (Europe/Berlin)", supportHours, percent(supportHours),
					"> 90 %", supportHours > 0.9, this.refunds > 0));
			return tells;
		}

		private static String withoutPrefix(String sessionId) {
			return sessionId.startsWith("ses_") ? sessionId.substring(4) : sessionId;
		}

		private static double share(long part, long whole) {
			return (whole > 0) ? (double) part / whole : 0;
		}

		private static String percent(double share) {
			return String.format(Locale.ROOT, "%.2f %%", share * 100);
		}

	}

}
