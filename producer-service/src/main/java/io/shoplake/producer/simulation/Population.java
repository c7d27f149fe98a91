package io.shoplake.producer.simulation;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.shoplake.events.Device;
import io.shoplake.events.Geo;
import io.shoplake.producer.geo.Geography;

/**
 * Who visits, and when: an open population. New visitors arrive every hour (a Poisson
 * process per country and time zone, following the traffic curve in their local time);
 * after each visit a visitor comes back with the return chance of their activity class,
 * after a gap measured in the shop's activity time (so returns follow the same daily
 * curve and holiday peaks), or never again. Three classes - occasional, regular and loyal
 * - make the sessions per visitor heavy-tailed.
 * <p>
 * Steady state from the first hour: at the start, the returning visitors a shop of this
 * rate has (their number per class is Poisson with the stationary mean; their next visit
 * an exponential gap away, gaps being memoryless) are drawn at once, so no figure trends
 * with the age of the run. Each start draws them anew, as fresh cookies.
 * <p>
 * A visitor is a key: its group (country and time zone), class, the hour it was first
 * seen and a counter; everything about it (city, device, cookie, customer id, name) is a
 * pure function of the seed and the key. Not thread-safe: the simulation's sequential
 * step drives it.
 */
final class Population {

	/** Occasional, regular and loyal visitors: share of new visitors of each class. */
	static final double[] CLASS_SHARE = { 0.70, 0.22, 0.08 };

	/** Chance that a visitor of the class comes back after a visit. */
	static final double[] RETURN_CHANCE = { 0.30, 0.70, 0.90 };

	/** Mean gap to the next visit, in hours of average shop activity. */
	static final double[] GAP_HOURS = { 240, 168, 72 };

	/** Share of sessions that are a visitor's first: 1 / (1 + expected returns). */
	static final double NEW_SHARE;

	static {
		double returns = 0;
		for (int k = 0; k < CLASS_SHARE.length; k++) {
			returns += CLASS_SHARE[k] * RETURN_CHANCE[k] / (1 - RETURN_CHANCE[k]);
		}
		NEW_SHARE = 1 / (1 + returns);
	}

	private static final long MIN_GAP_MILLIS = 3_600_000L;

	private static final long WARM = 1L << 61;

	static final long FOLLOW_UP = 1L << 62;

	private static final Device[] DEVICES = { new Device("desktop", "Windows", "Chrome"),
			new Device("desktop", "macOS", "Safari"), new Device("desktop", "Windows", "Edge"),
			new Device("desktop", "macOS", "Chrome"), new Device("desktop", "Linux", "Firefox"),
			new Device("mobile", "iOS", "Safari"), new Device("mobile", "Android", "Chrome"),
			new Device("mobile", "iOS", "app"), new Device("mobile", "Android", "app"),
			new Device("mobile", "Android", "Samsung Internet"), new Device("tablet", "iPadOS", "Safari"),
			new Device("tablet", "Android", "Chrome") };

	private static final WeightedChoice DEVICE = new WeightedChoice(
			new double[] { 0.17, 0.07, 0.05, 0.02, 0.01, 0.25, 0.22, 0.06, 0.05, 0.04, 0.045, 0.015 });

	private static final WeightedChoice CLASS = new WeightedChoice(CLASS_SHARE);

	private final long seed;

	private final Geography geography;

	private final List<Group> groups = new ArrayList<>();

	private final WeightedChoice[] places;

	private final Geo[][] geos;

	private final long originHour;

	private double sessionsPerHour;

	private final double yearlyGrowth;

	/**
	 * Pending visits by UTC hour: index {@code i} holds hour {@code originHour + i}
	 * (null: none). An array rather than a map keyed by the hour: the warm start adds 12
	 * million visits at 100,000 orders a day, and a map's look-up of a boxed hour was
	 * about a sixth of its time.
	 */
	private Bucket[] pending = new Bucket[24 * 7];

	private long warmHour;

	Population(long seed, Geography geography, double sessionsPerHour, double yearlyGrowth, Instant start) {
		this.seed = seed;
		this.geography = geography;
		this.sessionsPerHour = sessionsPerHour;
		this.yearlyGrowth = yearlyGrowth;
		this.originHour = Math.floorDiv(start.getEpochSecond(), 3600) - 1;
		List<Geography.Country> countries = geography.countries();
		List<WeightedChoice> placeChoices = new ArrayList<>();
		List<Geo[]> groupGeos = new ArrayList<>();
		for (int c = 0; c < countries.size(); c++) {
			Geography.Country country = countries.get(c);
			Map<ZoneId, List<Geography.Place>> byZone = new LinkedHashMap<>();
			double population = 0;
			for (Geography.Place place : country.places()) {
				byZone.computeIfAbsent(country.zoneOf(place), (k) -> new ArrayList<>()).add(place);
				population += place.populationThousands();
			}
			for (Map.Entry<ZoneId, List<Geography.Place>> zone : byZone.entrySet()) {
				List<Geography.Place> members = zone.getValue();
				double zonePopulation = members.stream().mapToDouble(Geography.Place::populationThousands).sum();
				this.groups
					.add(new Group(this.groups.size(), c, zone.getKey(), country.share() * zonePopulation / population,
							members.toArray(Geography.Place[]::new), new Lambda(zone.getKey())));
				placeChoices.add(new WeightedChoice(
						members.stream().mapToDouble(Geography.Place::populationThousands).toArray()));
				groupGeos.add(members.stream()
					.map((place) -> new Geo(country.code(), place.region(), place.city()))
					.toArray(Geo[]::new));
			}
		}
		if (this.groups.size() > 32) {
			throw new IllegalStateException("more than 32 country time zones");
		}
		this.places = placeChoices.toArray(WeightedChoice[]::new);
		this.geos = groupGeos.toArray(Geo[][]::new);
		warmStart(Math.floorDiv(start.getEpochSecond(), 3600));
	}

	/**
	 * Draws the returning visitors a shop of the current rate has at the start of
	 * {@code hour}: per group and class a Poisson number of them, each next visiting an
	 * exponential gap of activity time later.
	 */
	private void warmStart(long hour) {
		this.warmHour = hour;
		SplittableRandom random = Seeds.stream(this.seed, 52, hour);
		long from = hour * 3_600_000L;
		int counter = 0;
		for (Group group : this.groups) {
			double start = group.lambda.at(from);
			for (int k = 0; k < CLASS_SHARE.length; k++) {
				double mean = this.sessionsPerHour * NEW_SHARE * group.share * CLASS_SHARE[k] * RETURN_CHANCE[k]
						/ (1 - RETURN_CHANCE[k]) * GAP_HOURS[k];
				int alive = Seeds.poisson(random, mean);
				for (int i = 0; i < alive; i++) {
					long key = WARM | ((long) group.index << 56) | ((long) k << 54) | ((hour & 0x3FF_FFFFL) << 28)
							| (counter++ & 0xFFF_FFFFL);
					long at = Math.max(from, group.lambda.time(start + Seeds.exponential(random, GAP_HOURS[k])));
					add(at, key);
				}
			}
		}
	}

	/**
	 * Changes the base rate: new visitors arrive at the new rate from the next hour, and
	 * the returning visitors are drawn anew for it (the pending follow-ups stay).
	 */
	void setSessionsPerHour(double sessionsPerHour, long nextHour) {
		this.sessionsPerHour = sessionsPerHour;
		for (Bucket bucket : this.pending) {
			if (bucket != null) {
				bucket.keepFollowUps();
			}
		}
		warmStart(nextHour);
	}

	double sessionsPerHour() {
		return this.sessionsPerHour;
	}

	/**
	 * The visits of the UTC hour {@code hour} in time order: the new visitors arriving in
	 * it and the returns and follow-ups due in it. Decides, for each regular visit,
	 * whether and when the visitor comes back.
	 */
	List<Visit> visits(long hour) {
		long from = hour * 3_600_000L;
		SplittableRandom arrivals = Seeds.stream(this.seed, 53, hour);
		List<Visit> visits = new ArrayList<>();
		int counter = 0;
		for (Group group : this.groups) {
			double expected = this.sessionsPerHour * NEW_SHARE * group.share * group.lambda.factor(hour);
			int count = Seeds.poisson(arrivals, expected);
			for (int i = 0; i < count; i++) {
				int k = CLASS.next(arrivals);
				long key = ((long) group.index << 56) | ((long) k << 54) | ((hour & 0x3FF_FFFFL) << 28)
						| (counter++ & 0xFFF_FFFFL);
				visits.add(new Visit(from + arrivals.nextLong(3_600_000L), key, false, false));
			}
		}
		Bucket due = null;
		int index = (int) (hour - this.originHour);
		if (index < this.pending.length) {
			due = this.pending[index];
			this.pending[index] = null;
		}
		if (due != null) {
			for (int i = 0; i < due.size; i++) {
				long entry = due.keys[i];
				visits.add(new Visit(due.at[i], entry & ~FOLLOW_UP, true, (entry & FOLLOW_UP) != 0));
			}
		}
		visits.sort((a, b) -> (a.at != b.at) ? Long.compare(a.at, b.at) : Long.compare(a.key, b.key));
		for (Visit visit : visits) {
			if (!visit.followUp) {
				scheduleReturn(visit);
			}
		}
		return visits;
	}

	private void scheduleReturn(Visit visit) {
		int k = classOf(visit.key);
		SplittableRandom random = Seeds.stream(this.seed, 54, visit.key * 0x9E3779B97F4A7C15L + visit.at);
		if (random.nextDouble() >= RETURN_CHANCE[k]) {
			return;
		}
		Lambda lambda = this.groups.get(groupOf(visit.key)).lambda;
		long next = lambda.time(lambda.at(visit.at) + Seeds.exponential(random, GAP_HOURS[k]));
		add(Math.max(visit.at + MIN_GAP_MILLIS, next), visit.key);
		visit.hasNext = true;
	}

	/** A visit outside the visitor's rhythm: back to a cart after a reminder. */
	void followUp(long at, long key) {
		add(at, key | FOLLOW_UP);
	}

	private void add(long at, long entry) {
		// Every visit is due after the origin (the hour before the first simulated one).
		int index = (int) (Math.floorDiv(at, 3_600_000L) - this.originHour);
		if (index >= this.pending.length) {
			this.pending = Arrays.copyOf(this.pending, Math.max(index + 1, this.pending.length * 2));
		}
		Bucket bucket = this.pending[index];
		if (bucket == null) {
			bucket = new Bucket();
			this.pending[index] = bucket;
		}
		bucket.add(at, entry);
	}

	/**
	 * The index i with {@code cumulative[i] <= value < cumulative[i + 1]}, in a strictly
	 * increasing array with {@code cumulative[0] <= value < cumulative[last]}: searched
	 * from where the array's average step puts it, over a span that doubles until it
	 * holds the value. Activity time runs close to its average, so the span stays a few
	 * hours wide; a binary search of the whole array (months of hours) was about a third
	 * of the warm start's time.
	 */
	static int hourOf(double[] cumulative, double value) {
		int last = cumulative.length - 1;
		if (last < 1 || !(cumulative[0] <= value && value < cumulative[last])) {
			throw new IllegalArgumentException("activity time " + value + " is outside the array's range");
		}
		int guess = (int) Math.min(last - 1, Math.max(0, value / (cumulative[last] / last)));
		int low = guess;
		int high = guess + 1;
		for (int step = 1; cumulative[low] > value; step *= 2) {
			high = low;
			low = Math.max(0, low - step);
		}
		for (int step = 1; cumulative[high] <= value; step *= 2) {
			low = high;
			high = Math.min(last, high + step);
		}
		// cumulative[low] <= value < cumulative[high]
		while (high - low > 1) {
			int middle = (low + high) >>> 1;
			if (cumulative[middle] <= value) {
				low = middle;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

	static int groupOf(long key) {
		return (int) ((key >>> 56) & 0x1F);
	}

	static int classOf(long key) {
		return (int) ((key >>> 54) & 0x3);
	}

	/** The visitor with {@code key}, the same every time. */
	Visitor visitor(long key) {
		int g = groupOf(key);
		Group group = this.groups.get(g);
		SplittableRandom random = Seeds.stream(this.seed, 55, key);
		int place = this.places[g].next(random);
		Device device = DEVICES[DEVICE.next(random)];
		String anonymousId = Ids.of("anon_", random.nextLong());
		String customerId = Ids.of("cus_", random.nextLong());
		return new Visitor(key, group.country, group.places[place], this.geos[g][place], group.zone, device,
				anonymousId, customerId);
	}

	Geography.Country country(Visitor visitor) {
		return this.geography.countries().get(visitor.country());
	}

	/** Pending visits, for the status and tests. */
	int pending() {
		int pending = 0;
		for (Bucket bucket : this.pending) {
			pending += (bucket != null) ? bucket.size : 0;
		}
		return pending;
	}

	/**
	 * One visit: when, by whom; whether the visitor had been before, whether this is a
	 * follow-up (a reminder brought them back) and whether they will come again.
	 */
	static final class Visit {

		final long at;

		final long key;

		final boolean returning;

		final boolean followUp;

		boolean hasNext;

		Visit(long at, long key, boolean returning, boolean followUp) {
			this.at = at;
			this.key = key;
			this.returning = returning;
			this.followUp = followUp;
		}

	}

	/**
	 * A visitor's profile.
	 *
	 * @param key its key
	 * @param country index of its country
	 * @param place its city
	 * @param geo its geo as events carry it
	 * @param zone its time zone
	 * @param device its device (one cookie, one device)
	 * @param anonymousId its cookie id
	 * @param customerId the id it gets when it registers
	 */
	record Visitor(long key, int country, Geography.Place place, Geo geo, ZoneId zone, Device device,
			String anonymousId, String customerId) {

		int deviceClass() {
			return switch (this.device.type()) {
				case "mobile" -> 1;
				case "tablet" -> 2;
				default -> 0;
			};
		}

		boolean app() {
			return this.device.browser().equals("app");
		}

	}

	private record Group(int index, int country, ZoneId zone, double share, Geography.Place[] places, Lambda lambda) {
	}

	/** Visits due in one hour, in two growing arrays. */
	private static final class Bucket {

		long[] at = new long[16];

		long[] keys = new long[16];

		int size;

		void add(long time, long key) {
			if (this.size == this.at.length) {
				this.at = Arrays.copyOf(this.at, this.size * 2);
				this.keys = Arrays.copyOf(this.keys, this.size * 2);
			}
			this.at[this.size] = time;
			this.keys[this.size++] = key;
		}

		void keepFollowUps() {
			int kept = 0;
			for (int i = 0; i < this.size; i++) {
				if ((this.keys[i] & FOLLOW_UP) != 0) {
					this.at[kept] = this.at[i];
					this.keys[kept++] = this.keys[i];
				}
			}
			this.size = kept;
		}

	}

	/**
	 * The shop's activity time in one time zone: the integral of the traffic curve (local
	 * hour, weekday, holidays, growth) over UTC hours from the origin, and its inverse.
	 */
	private final class Lambda {

		private final ZoneId zone;

		/** cumulative[i]: activity from the origin to the start of hour origin + i. */
		private double[] cumulative = new double[] { 0 };

		private double[] factors = new double[0];

		Lambda(ZoneId zone) {
			this.zone = zone;
		}

		/** The traffic factor of a UTC hour (hours since the epoch) in this zone. */
		double factor(long hour) {
			extendTo(hour + 1);
			return this.factors[(int) (hour - Population.this.originHour)];
		}

		/** Activity time at {@code millis}. */
		double at(long millis) {
			long hour = Math.floorDiv(millis, 3_600_000L);
			extendTo(hour + 1);
			int i = (int) (hour - Population.this.originHour);
			return this.cumulative[i] + this.factors[i] * (millis - hour * 3_600_000L) / 3_600_000.0;
		}

		/** The instant (epoch millis) at which activity time reaches {@code value}. */
		long time(double value) {
			while (this.cumulative[this.cumulative.length - 1] <= value) {
				extendTo(Population.this.originHour + this.cumulative.length - 1 + 24 * 14);
			}
			int i = hourOf(this.cumulative, value);
			double within = (value - this.cumulative[i]) / this.factors[i];
			return (Population.this.originHour + i) * 3_600_000L + (long) (within * 3_600_000L);
		}

		private void extendTo(long hourExclusive) {
			int needed = (int) (hourExclusive - Population.this.originHour);
			if (needed <= this.factors.length) {
				return;
			}
			int size = Math.max(needed, this.factors.length * 2);
			double[] factors = Arrays.copyOf(this.factors, size);
			double[] cumulative = Arrays.copyOf(this.cumulative, size + 1);
			for (int i = this.factors.length; i < size; i++) {
				long hour = Population.this.originHour + i;
				LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochSecond(hour * 3600), this.zone);
				double years = (hour - Population.this.originHour) / (24 * 365.25);
				factors[i] = TrafficCurve.factor(local.toLocalDate(), local.getHour())
						* Math.pow(1 + Population.this.yearlyGrowth, years);
				cumulative[i + 1] = cumulative[i] + factors[i];
			}
			this.factors = factors;
			this.cumulative = cumulative;
		}

	}

}
