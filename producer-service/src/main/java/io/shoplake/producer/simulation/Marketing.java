package io.shoplake.producer.simulation;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import io.shoplake.producer.ShippedData;

/**
 * How visitors reach the shop and what its marketing runs, from
 * {@code marketing/marketing.yml}: the traffic-source mix of new and returning visitors,
 * where each source lands, the ad campaigns (always-on and seasonal flights) with their
 * platforms, audiences, cost per click and click-through rate, the newsletter and the
 * coupons. Campaigns are numbered so a click id can carry its campaign: always-on and
 * automated e-mails below 64, a flight of a year at {@code 64 + (year - 2000) * 64 +
 * position}, a newsletter at {@code 0x8000 + days since 2000-01-01}. Immutable.
 */
final class Marketing {

	private static final String RESOURCE = "marketing/marketing.yml";

	static final String[] SOURCES = { "organic", "paid", "direct", "referral", "email" };

	static final int ORGANIC = 0;

	static final int PAID = 1;

	static final int DIRECT = 2;

	static final int REFERRAL = 3;

	static final int EMAIL = 4;

	static final String[] LANDINGS = { "home", "category", "product", "search" };

	static final int HOME = 0;

	static final int CATEGORY = 1;

	static final int PRODUCT = 2;

	static final int SEARCH = 3;

	private static final int WELCOME_SERIES = 60;

	private static final int CART_REMINDER = 61;

	private static final int NEWSLETTER_BASE = 0x8000;

	private static final LocalDate EPOCH = LocalDate.of(2000, 1, 1);

	private static final Data DATA = read();

	private final Data data = DATA;

	private final WeightedChoice newSources;

	private final WeightedChoice returningSources;

	private final WeightedChoice[] landings = new WeightedChoice[SOURCES.length];

	private final String[] searchEngines;

	private final WeightedChoice searchEngine;

	private final String[] referrers;

	private final WeightedChoice referrer;

	private final long seed;

	private final Map<Integer, Campaign> campaigns = new ConcurrentHashMap<>();

	Marketing(long seed) {
		this.seed = seed;
		this.newSources = mix(this.data.sources().get("new"));
		this.returningSources = mix(this.data.sources().get("returning"));
		for (int s = 0; s < SOURCES.length; s++) {
			Map<String, Double> landing = this.data.landing().getOrDefault(SOURCES[s], Map.of("home", 1.0));
			double[] weights = new double[LANDINGS.length];
			for (int l = 0; l < LANDINGS.length; l++) {
				weights[l] = landing.getOrDefault(LANDINGS[l], 0.0);
			}
			this.landings[s] = new WeightedChoice(weights);
		}
		this.searchEngines = this.data.searchEngines().keySet().toArray(String[]::new);
		this.searchEngine = WeightedChoice.of(this.data.searchEngines().values());
		this.referrers = this.data.referrers().keySet().toArray(String[]::new);
		this.referrer = WeightedChoice.of(this.data.referrers().values());
	}

	private static WeightedChoice mix(Map<String, Double> shares) {
		double[] weights = new double[SOURCES.length];
		for (int s = 0; s < SOURCES.length; s++) {
			weights[s] = shares.getOrDefault(SOURCES[s], 0.0);
		}
		return new WeightedChoice(weights);
	}

	/** A traffic source ({@link #ORGANIC} ...) for a new or a returning visitor. */
	int source(SplittableRandom random, boolean returning) {
		return (returning ? this.returningSources : this.newSources).next(random);
	}

	/** The share of new (or returning) visitors' sessions from {@code source}. */
	double sourceShare(boolean returning, int source) {
		Map<String, Double> shares = this.data.sources().get(returning ? "returning" : "new");
		double total = shares.values().stream().mapToDouble(Double::doubleValue).sum();
		return shares.getOrDefault(SOURCES[source], 0.0) / total;
	}

	/** Where a session of {@code source} lands ({@link #HOME} ...). */
	int landing(SplittableRandom random, int source) {
		return this.landings[source].next(random);
	}

	String searchEngine(SplittableRandom random) {
		return this.searchEngines[this.searchEngine.next(random)];
	}

	String referrer(SplittableRandom random) {
		return this.referrers[this.referrer.next(random)];
	}

	/** The paid campaigns running on {@code day}, in a fixed order. */
	List<Campaign> running(LocalDate day) {
		List<Campaign> running = new ArrayList<>();
		for (int i = 0; i < this.data.campaigns().size(); i++) {
			CampaignSpec spec = this.data.campaigns().get(i);
			if (spec.from() == null) {
				running.add(campaign(i));
			}
			else if (!day.isBefore(MonthDay.parse("--" + spec.from()).atYear(day.getYear()))
					&& !day.isAfter(MonthDay.parse("--" + spec.to()).atYear(day.getYear()))) {
				running.add(campaign(64 + (day.getYear() - 2000) * 64 + i));
			}
		}
		return running;
	}

	/** The e-mail campaign of a session from an e-mail that is no cart reminder. */
	Campaign email(SplittableRandom random, LocalDate day) {
		if (random.nextDouble() < this.data.email().welcomeShare()) {
			return campaign(WELCOME_SERIES);
		}
		LocalDate send = day;
		while (!this.data.email().newsletterDays().contains(send.getDayOfWeek())) {
			send = send.minusDays(1);
		}
		return campaign(NEWSLETTER_BASE + (int) (send.toEpochDay() - EPOCH.toEpochDay()));
	}

	/** The automated e-mail that brings a shopper back to the cart they left. */
	Campaign cartReminder() {
		return campaign(CART_REMINDER);
	}

	long emailCostMicros() {
		return Math.round(this.data.email().costPerClick() * 1e6);
	}

	/** The campaign numbered {@code index} (see the class comment). */
	Campaign campaign(int index) {
		return this.campaigns.computeIfAbsent(index, this::build);
	}

	/** The name of the campaign numbered {@code index}; its id is a hash of it. */
	static String name(int index) {
		if (index == WELCOME_SERIES) {
			return "welcome-series";
		}
		if (index == CART_REMINDER) {
			return "abandoned-cart-reminder";
		}
		if (index >= NEWSLETTER_BASE) {
			return "newsletter-" + EPOCH.plusDays(index - NEWSLETTER_BASE);
		}
		int position = (index < 64) ? index : (index - 64) % 64;
		if (position >= DATA.campaigns().size()) {
			throw new IllegalArgumentException("no campaign numbered " + index);
		}
		String name = DATA.campaigns().get(position).name();
		return (index < 64) ? name : name.replace("{year}", Integer.toString(2000 + (index - 64) / 64));
	}

	/** The id of the campaign numbered {@code index}, whatever the seed. */
	static String campaignId(int index) {
		return id(name(index));
	}

	private Campaign build(int index) {
		String name = name(index);
		if (index == WELCOME_SERIES || index == CART_REMINDER || index >= NEWSLETTER_BASE) {
			return emailCampaign(index, name);
		}
		CampaignSpec spec = this.data.campaigns().get((index < 64) ? index : (index - 64) % 64);
		Platform platform = this.data.platforms().get(spec.platform());
		SplittableRandom random = Seeds.stream(this.seed, 40, index);
		double cpc = (spec.cpc() != null) ? spec.cpc() : platform.cpc() * Math.exp(0.2 * Seeds.gaussian(random));
		double ctr = (spec.ctr() != null) ? spec.ctr() : platform.ctr() * Math.exp(0.15 * Seeds.gaussian(random));
		return new Campaign(index, id(name), name, spec.platform(), spec.platform(), platform.medium(), spec.audience(),
				spec.share(), Math.round(cpc * 1e6), ctr, 0.9 + 0.7 * random.nextDouble());
	}

	private Campaign emailCampaign(int index, String name) {
		return new Campaign(index, id(name), name, "email", "newsletter", "email", "returning", 0, emailCostMicros(), 0,
				0);
	}

	/** The opaque id of a campaign: a hash of its name, the same for every seed. */
	private static String id(String name) {
		return Ids.of("cmp_", Seeds.mix(0x5EEDCA4FL, name.hashCode() * 31L + name.length()));
	}

	List<CouponSpec> coupons() {
		return this.data.coupons();
	}

	private static Data read() {
		return ShippedData.yaml(RESOURCE, Data.class);
	}

	/**
	 * An ad campaign (or an e-mail campaign).
	 *
	 * @param index its number (see the class comment)
	 * @param id opaque campaign id
	 * @param name the marketer's name, also its utm_campaign
	 * @param platform google, meta, tiktok or email
	 * @param utmSource utm_source of its links
	 * @param utmMedium utm_medium of its links
	 * @param audience new, returning or both
	 * @param share its share of the paid sessions of its audience
	 * @param cpcMicros its mean cost per click
	 * @param ctr its click-through rate
	 * @param headroom daily budget over the expected spend of a day
	 */
	record Campaign(int index, String id, String name, String platform, String utmSource, String utmMedium,
			String audience, double share, long cpcMicros, double ctr, double headroom) {

		boolean reaches(boolean returning) {
			return this.audience.equals("both") || this.audience.equals(returning ? "returning" : "new");
		}

	}

	/**
	 * A coupon code.
	 *
	 * @param code what the shopper types
	 * @param kind welcome, newsletter, seasonal or creator
	 * @param percent share of the order taken off
	 * @param use share of eligible orders that use it
	 * @param from first valid day (MM-dd), or null
	 * @param to last valid day (MM-dd), or null
	 * @param minOrder smallest order value (EUR) it applies to, or null
	 */
	record CouponSpec(String code, String kind, int percent, double use, String from, String to, Double minOrder) {

		boolean validOn(LocalDate day) {
			return this.from == null || (!day.isBefore(MonthDay.parse("--" + this.from).atYear(day.getYear()))
					&& !day.isAfter(MonthDay.parse("--" + this.to).atYear(day.getYear())));
		}

	}

	private record Data(Map<String, Map<String, Double>> sources, Map<String, Map<String, Double>> landing,
			Map<String, Double> searchEngines, Map<String, Double> referrers, Map<String, Platform> platforms,
			List<CampaignSpec> campaigns, Email email, List<CouponSpec> coupons) {

		Data {
			searchEngines = new LinkedHashMap<>(searchEngines);
			referrers = new LinkedHashMap<>(referrers);
		}

	}

	private record Platform(String medium, double cpc, double ctr) {
	}

	private record CampaignSpec(String name, String platform, String audience, double share, String from, String to,
			Double ctr, Double cpc) {
	}

	private record Email(double costPerClick, List<DayOfWeek> newsletterDays, double welcomeShare) {
	}

}
