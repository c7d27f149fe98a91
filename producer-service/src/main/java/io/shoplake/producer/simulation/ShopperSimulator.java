package io.shoplake.producer.simulation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

import io.shoplake.events.AdImpressionsReported;
import io.shoplake.events.Device;
import io.shoplake.events.Event;
import io.shoplake.events.EventType;
import io.shoplake.events.Geo;
import io.shoplake.events.OrderRefunded;
import io.shoplake.producer.geo.Geography;

/**
 * The simulation of the whole shop, one simulated UTC hour at a time. Each hour, in one
 * thread: the nightly repricing batch when it starts, the ad platforms' daily reports
 * after the last hour of a day, the hour's visits (new visitors and the returning ones
 * due, see {@link Population}) and, for each in time order, its traffic source and ad
 * campaign (daily budgets are spent in that order); then the sessions, in parallel by
 * visitor shard - a visitor's sessions and refunds run in time order within its shard,
 * against its own state only - five simulated minutes of arrivals at a time, each slice's
 * events merged in time order ({@link Hour}).
 * <p>
 * The number of shards is fixed, and every random choice comes from a stream derived from
 * the seed and the visit or hour, so the output is the same for any number of threads.
 * Not thread-safe: one caller advances it.
 */
public final class ShopperSimulator {

	/** Fixed, so that sharding never depends on the thread count. */
	static final int SHARDS = 64;

	/**
	 * Slices an hour is simulated and handed out in (5 simulated minutes each): an hour's
	 * events held whole while they were published made every young collection copy them.
	 */
	static final int SLICES_PER_HOUR = 12;

	private static final Device SUPPORT_DESK = new Device("desktop", "Windows", "support-desk");

	private static final Device BACK_OFFICE = new Device("desktop", "Linux", "backoffice");

	private static final Geo HEADQUARTERS = new Geo("DE", "Berlin", "Berlin");

	static final String ADS_SESSION = "sys_ads";

	private final SimulationProperties properties;

	private final long seed;

	private final Catalog catalog;

	private final PriceBook prices;

	private final Marketing marketing;

	private final Population population;

	private final SessionSimulator sessions;

	private final Shard[] shards = new Shard[SHARDS];

	private final double paidShareNew;

	private final double paidShareReturning;

	/** Start of the next hour to simulate (guarded by this, with {@link #nextRate}). */
	private Instant next;

	/**
	 * A base rate set from another thread, taken up at the start of the next hour, or NaN
	 * (guarded by this: the hour it applies from is the one {@link #next} names when it
	 * is set, and a rate set while an hour starts is never lost).
	 */
	private double nextRate = Double.NaN;

	/** The UTC day whose ad spend {@link #spend} holds. */
	private LocalDate spendDay;

	private final Map<Integer, Spend> spend = new LinkedHashMap<>();

	private List<Marketing.Campaign> running = List.of();

	/**
	 * @param properties the simulation's configuration
	 * @param start first simulated instant; truncated to the hour
	 */
	public ShopperSimulator(SimulationProperties properties, Instant start) {
		this.properties = properties;
		this.seed = properties.seed();
		this.next = start.truncatedTo(ChronoUnit.HOURS);
		Geography geography = Geography.get();
		this.catalog = new Catalog(this.seed, properties.catalog().products(), properties.catalog().zipfExponent());
		this.prices = new PriceBook(this.catalog, this.seed, properties.catalog().dailyPriceChangeShare(),
				properties.catalog().currency(), this.next);
		this.marketing = new Marketing(this.seed);
		People people = new People(this.seed, geography.countries());
		this.population = new Population(this.seed, geography, properties.traffic().sessionsPerHour(),
				properties.traffic().yearlyGrowth(), this.next);
		this.sessions = new SessionSimulator(this.seed, this.catalog, this.prices, this.marketing, people,
				geography.countries(), properties);
		this.paidShareNew = this.marketing.sourceShare(false, Marketing.PAID);
		this.paidShareReturning = this.marketing.sourceShare(true, Marketing.PAID);
		for (int i = 0; i < SHARDS; i++) {
			this.shards[i] = new Shard();
		}
	}

	/**
	 * Changes the base session rate from the next simulated hour on (the returning
	 * visitors are drawn anew for it); a later change before that hour starts replaces
	 * this one.
	 * @return the start of the simulated hour the rate applies from: the next hour to be
	 * simulated, which is the hour after the one being published, or the one after that
	 * if the next hour's first slice was already simulated ahead
	 */
	public synchronized Instant setSessionsPerHour(double sessionsPerHour) {
		this.nextRate = sessionsPerHour;
		return this.next;
	}

	/** The id of the campaign a click id of any simulation was made for. */
	public static String campaignOfClick(String clickId) {
		return Marketing.campaignId(Ids.campaignOfClick(clickId));
	}

	/** Start of the next hour to simulate. */
	public synchronized Instant position() {
		return this.next;
	}

	/**
	 * Simulates the next hour and returns its events in time order. Events of a session
	 * that started in the hour may run past its end, and so may the repricing batch and
	 * the ad reports; refunds due in the hour come with it. The same events, in the same
	 * order, as the slices of {@link #startHour(ExecutorService)} one after the other.
	 * @param executor runs the shards (any parallelism gives the same result)
	 */
	public List<Event> nextHour(ExecutorService executor) {
		Hour hour = startHour(executor);
		List<Event> events = new ArrayList<>();
		for (Slice slice = hour.next(); slice != null; slice = hour.next()) {
			events.addAll(slice.events());
		}
		return events;
	}

	/**
	 * Starts the next hour: its visits, sources and campaigns are drawn now, its sessions
	 * are simulated a slice of the hour at a time by {@link Hour#next()}, so that an
	 * hour's events are never all in memory.
	 * @param executor runs the shards (any parallelism gives the same result)
	 */
	public Hour startHour(ExecutorService executor) {
		return startHour(executor, SLICES_PER_HOUR, null);
	}

	/**
	 * As {@link #startHour(ExecutorService)}, each event also serialized by
	 * {@code serializer} on the shard that simulated it, right after its session: the
	 * event is then still in the CPU's caches, where serializing the slice after it was
	 * merged read every event from memory again.
	 * @param executor runs the shards (any parallelism gives the same result)
	 * @param serializer an event's bytes; called on the executor's threads (and on this
	 * one, for the shop's own events), so it must be thread-safe
	 */
	public Hour startHour(ExecutorService executor, Function<Event, byte[]> serializer) {
		return startHour(executor, SLICES_PER_HOUR, serializer);
	}

	/**
	 * As {@link #startHour(ExecutorService, Function)}, in {@code slices} slices of the
	 * hour; {@code serializer} null serializes nothing.
	 */
	Hour startHour(ExecutorService executor, int slices, Function<Event, byte[]> serializer) {
		Instant from;
		double rate;
		synchronized (this) {
			from = this.next;
			this.next = from.plusSeconds(3600);
			rate = this.nextRate;
			this.nextRate = Double.NaN;
		}
		Instant to = from.plusSeconds(3600);
		long fromMillis = from.toEpochMilli();
		long toMillis = to.toEpochMilli();
		long hour = from.getEpochSecond() / 3600;
		if (!Double.isNaN(rate)) {
			this.population.setSessionsPerHour(rate, hour);
		}
		List<Event> shopEvents = new ArrayList<>(this.prices.advance(fromMillis, toMillis, toMillis + 3 * 3_600_000L));
		List<Population.Visit> visits = this.population.visits(hour);
		List<List<SessionSimulator.Arrival>> byShard = new ArrayList<>(SHARDS);
		for (int i = 0; i < SHARDS; i++) {
			byShard.add(new ArrayList<>());
		}
		for (Population.Visit visit : visits) {
			SessionSimulator.Arrival arrival = arrive(visit);
			byShard.get((int) Long.remainderUnsigned(Seeds.mix(this.seed, visit.key), SHARDS)).add(arrival);
		}
		if (from.atZone(ZoneOffset.UTC).getHour() == 23) {
			shopEvents.addAll(adReports(this.spendDay, toMillis));
		}
		Columns shop = new Columns();
		for (int i = 0; i < shopEvents.size(); i++) {
			Event event = shopEvents.get(i);
			shop.add(event.occurredAt().toEpochMilli(), Long.MIN_VALUE, i, event, serialized(serializer, event));
		}
		return new Hour(executor, fromMillis, toMillis, slices, byShard, sortedByTime(shop, serializer != null),
				serializer);
	}

	/**
	 * An hour being simulated, handed out in slices of simulated time: each slice holds,
	 * in time order, every event of the hour before the slice's end that no earlier slice
	 * held (a session's events after that end wait for the slice they fall in), the last
	 * slice everything left, also past the hour's end. The slices one after the other are
	 * the hour whole, in the same order: the shards play their visitors' sessions in the
	 * same order either way, and once every shard has played the arrivals before a
	 * slice's end, nothing that comes later occurs before it. Not thread-safe.
	 */
	public final class Hour {

		private final ExecutorService executor;

		private final Function<Event, byte[]> serializer;

		private final long fromMillis;

		private final long toMillis;

		private final int slices;

		/** Each shard's arrivals, in time order. */
		private final List<List<SessionSimulator.Arrival>> byShard;

		/** Each shard's next arrival to play. */
		private final int[] played = new int[SHARDS];

		/**
		 * The events simulated and not yet handed out, each timeline in time order: the
		 * shop's, then each shard's.
		 */
		private final List<Timeline> held = new ArrayList<>(SHARDS + 1);

		private final List<long[]> followUps = new ArrayList<>();

		private int handedOut;

		Hour(ExecutorService executor, long fromMillis, long toMillis, int slices,
				List<List<SessionSimulator.Arrival>> byShard, Timeline shop, Function<Event, byte[]> serializer) {
			if (slices < 1) {
				throw new IllegalArgumentException("an hour needs at least one slice, not " + slices);
			}
			this.executor = executor;
			this.serializer = serializer;
			this.fromMillis = fromMillis;
			this.toMillis = toMillis;
			this.slices = slices;
			this.byShard = byShard;
			this.held.add(shop);
			for (int i = 0; i < SHARDS; i++) {
				this.held.add(Timeline.EMPTY);
			}
		}

		/**
		 * Simulates the next slice and returns its events in time order (and their bytes,
		 * if the hour serializes), or null once the whole hour was handed out.
		 */
		public Slice next() {
			if (this.handedOut == this.slices) {
				return null;
			}
			this.handedOut++;
			boolean last = this.handedOut == this.slices;
			long end = reachedMillis();
			List<Future<ShardSlice>> results = new ArrayList<>(SHARDS);
			for (int i = 0; i < SHARDS; i++) {
				Shard shard = ShopperSimulator.this.shards[i];
				List<SessionSimulator.Arrival> arrivals = this.byShard.get(i);
				int from = this.played[i];
				int to = from;
				while (to < arrivals.size() && (last || arrivals.get(to).at() < end)) {
					to++;
				}
				this.played[i] = to;
				List<SessionSimulator.Arrival> slice = arrivals.subList(from, to);
				results.add(this.executor.submit(() -> shard.run(slice, end, this.serializer)));
			}
			try {
				for (int i = 0; i < SHARDS; i++) {
					ShardSlice result = join(results.get(i));
					this.held.set(i + 1, Timeline.merged(this.held.get(i + 1), result.events()));
					this.followUps.addAll(result.followUps());
				}
			}
			catch (RuntimeException ex) {
				// Interrupted (a stop) or a shard failed: the hour is given up, and the
				// slice's shard work not yet started is not left to run on the pool.
				results.forEach((result) -> result.cancel(false));
				throw ex;
			}
			if (last) {
				this.followUps.sort((a, b) -> (a[0] != b[0]) ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
				for (long[] followUp : this.followUps) {
					ShopperSimulator.this.population.followUp(followUp[0], followUp[1]);
				}
			}
			List<Timeline> due = new ArrayList<>(this.held.size());
			int total = 0;
			for (int i = 0; i < this.held.size(); i++) {
				Timeline events = this.held.get(i);
				int cut = last ? events.size() : events.firstAtOrAfter(end);
				due.add(events.head(cut));
				// A view of what is left (the next merge with new events copies it).
				this.held.set(i, events.tail(cut));
				total += cut;
			}
			List<Event> out = new ArrayList<>(total);
			List<byte[]> json = (this.serializer != null) ? new ArrayList<>(total) : null;
			merge(due, out, json);
			return new Slice(out, json);
		}

		/** Whether a slice of the hour is still to be handed out. */
		public boolean hasNext() {
			return this.handedOut < this.slices;
		}

		/**
		 * Where simulated time stands, the end of the last slice handed out (the hour's
		 * start before the first, its end after the last): every event of a later slice
		 * (or a later hour) occurs at or after it.
		 */
		public long reachedMillis() {
			return this.fromMillis + (this.toMillis - this.fromMillis) * this.handedOut / this.slices;
		}

	}

	/**
	 * A slice of an hour: its events in time order and, if the hour serializes, each
	 * one's bytes in the same order (else {@code json} is null).
	 */
	public record Slice(List<Event> events, List<byte[]> json) {
	}

	/** {@code event}'s bytes, or null without a serializer. */
	private static byte[] serialized(Function<Event, byte[]> serializer, Event event) {
		return (serializer != null) ? serializer.apply(event) : null;
	}

	/**
	 * Merges the shards' timelines into one in time order: the least head by
	 * {@link #order} (on a tie, the timeline that comes first) is taken again and again.
	 * The heads are held in a tournament tree of their losers, so that taking one costs a
	 * comparison per level (7 for 65 timelines), and compared by their times kept in an
	 * array, so that the other columns are read only on a tie. Each event's bytes go to
	 * {@code json} in the same order, unless it is null.
	 */
	static void merge(List<Timeline> timelines, List<Event> out, List<byte[]> json) {
		int k = timelines.size();
		if (k == 0) {
			return;
		}
		Heads heads = new Heads(timelines);
		// Node n (1 to k - 1) holds the loser of the match between its children 2n and
		// 2n + 1; leaf i is node k + i; the overall winner is held apart (winner).
		int[] tree = new int[k];
		// The first matches, bottom up: each node's winner goes on to its parent.
		int[] winners = new int[2 * k];
		for (int i = 0; i < k; i++) {
			winners[k + i] = i;
		}
		for (int node = k - 1; node >= 1; node--) {
			int left = winners[2 * node];
			int right = winners[2 * node + 1];
			boolean leftWins = heads.before(left, right);
			winners[node] = leftWins ? left : right;
			tree[node] = leftWins ? right : left;
		}
		int winner = winners[1];
		while (!heads.exhausted(winner)) {
			int taken = heads.take(winner);
			Columns from = heads.timelines[winner].columns;
			out.add(from.events[taken]);
			if (json != null) {
				json.add(from.json[taken]);
			}
			for (int node = (winner + k) >>> 1; node >= 1; node >>>= 1) {
				int loser = tree[node];
				if (heads.before(loser, winner)) {
					tree[node] = winner;
					winner = loser;
				}
			}
		}
	}

	/**
	 * The timelines being merged and where each stands: its next event's time in an array
	 * ({@link Long#MAX_VALUE} once the timeline is used up; no event is that late).
	 */
	private static final class Heads {

		private final Timeline[] timelines;

		private final int[] position;

		private final long[] at;

		Heads(List<Timeline> timelines) {
			this.timelines = timelines.toArray(new Timeline[0]);
			this.position = new int[this.timelines.length];
			this.at = new long[this.timelines.length];
			for (int i = 0; i < this.timelines.length; i++) {
				Timeline timeline = this.timelines[i];
				this.position[i] = timeline.from;
				this.at[i] = (timeline.size() > 0) ? timeline.columns.at[timeline.from] : Long.MAX_VALUE;
			}
		}

		boolean exhausted(int timeline) {
			return this.position[timeline] == this.timelines[timeline].to;
		}

		/** The index of the timeline's next event, and the timeline moved past it. */
		int take(int timeline) {
			Timeline events = this.timelines[timeline];
			int next = ++this.position[timeline];
			this.at[timeline] = (next < events.to) ? events.columns.at[next] : Long.MAX_VALUE;
			return next - 1;
		}

		/** Whether timeline {@code a}'s head comes before timeline {@code b}'s. */
		boolean before(int a, int b) {
			long atA = this.at[a];
			long atB = this.at[b];
			if (atA != atB) {
				return atA < atB;
			}
			if (atA == Long.MAX_VALUE) {
				return a < b;
			}
			int order = this.timelines[a].columns.compare(this.position[a], this.timelines[b].columns,
					this.position[b]);
			return (order != 0) ? order < 0 : a < b;
		}

	}

	/**
	 * Events in time order: a range {@code [from, to)} of {@link Columns} (their times,
	 * their sessions' keys and places, what orders ties by {@link #order}; the events and
	 * their bytes). A slice's merge reads the times and takes the events in sequence from
	 * arrays filled by the shard while the events were still in its caches: read from
	 * each event's record, they cost a cache miss an event.
	 */
	static final class Timeline {

		static final Timeline EMPTY = new Timeline(new Columns(0, false), 0, 0);

		final Columns columns;

		final int from;

		final int to;

		private Timeline(Columns columns, int from, int to) {
			this.columns = columns;
			this.from = from;
			this.to = to;
		}

		int size() {
			return this.to - this.from;
		}

		/** Its first {@code count} events (a view). */
		Timeline head(int count) {
			return new Timeline(this.columns, this.from, this.from + count);
		}

		/** All but its first {@code count} events (a view). */
		Timeline tail(int count) {
			return new Timeline(this.columns, this.from + count, this.to);
		}

		/**
		 * The number of its events before {@code millis}: the index, from its start, of
		 * the first at or after it.
		 */
		int firstAtOrAfter(long millis) {
			int low = this.from;
			int high = this.to;
			while (low < high) {
				int middle = (low + high) >>> 1;
				if (this.columns.at[middle] < millis) {
					low = middle + 1;
				}
				else {
					high = middle;
				}
			}
			return low - this.from;
		}

		/** Two timelines as one; on a tie, {@code first}'s event first. */
		static Timeline merged(Timeline first, Timeline second) {
			if (first.size() == 0) {
				return second;
			}
			if (second.size() == 0) {
				return first;
			}
			Columns one = first.columns;
			Columns other = second.columns;
			Columns both = new Columns(first.size() + second.size(), one.json != null);
			int i = first.from;
			int j = second.from;
			int k = 0;
			while (i < first.to && j < second.to) {
				if (one.compare(i, other, j) <= 0) {
					both.set(k++, one, i++);
				}
				else {
					both.set(k++, other, j++);
				}
			}
			while (i < first.to) {
				both.set(k++, one, i++);
			}
			while (j < second.to) {
				both.set(k++, other, j++);
			}
			return new Timeline(both, 0, k);
		}

	}

	/**
	 * Where a visit comes from: its traffic source and, for paid and e-mail visits, the
	 * campaign and click. A paid visit goes to a running campaign of its audience by
	 * share while the campaign's daily budget lasts; with every budget spent it comes
	 * organically.
	 */
	private SessionSimulator.Arrival arrive(Population.Visit visit) {
		SplittableRandom random = Seeds.stream(this.seed, 7, visit.key * 0x9E3779B97F4A7C15L + visit.at);
		LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(visit.at, 86_400_000L));
		if (!day.equals(this.spendDay)) {
			startDay(day);
		}
		int source = visit.followUp ? Marketing.EMAIL : this.marketing.source(random, visit.returning);
		Marketing.Campaign campaign = null;
		long cost = 0;
		if (source == Marketing.EMAIL) {
			campaign = visit.followUp ? this.marketing.cartReminder() : this.marketing.email(random, day);
			cost = this.marketing.emailCostMicros();
		}
		else if (source == Marketing.PAID) {
			campaign = paidCampaign(random, visit.returning);
			if (campaign == null) {
				source = Marketing.ORGANIC;
			}
			else {
				cost = Math.max(10_000, Math.round(campaign.cpcMicros() * Math.exp(0.35 * Seeds.gaussian(random))));
				Spend spent = this.spend.get(campaign.index());
				spent.clicks++;
				spent.costMicros += cost;
			}
		}
		String clickId = (campaign != null) ? Ids.click(campaign.index(), random.nextLong()) : null;
		return new SessionSimulator.Arrival(visit.at, visit.key, visit.returning, visit.followUp, visit.hasNext, source,
				campaign, clickId, cost);
	}

	private Marketing.Campaign paidCampaign(SplittableRandom random, boolean returning) {
		double total = 0;
		for (Marketing.Campaign campaign : this.running) {
			Spend spent = this.spend.get(campaign.index());
			if (campaign.reaches(returning) && spent.costMicros + campaign.cpcMicros() <= spent.budgetMicros) {
				total += campaign.share();
			}
		}
		double target = random.nextDouble() * total;
		for (Marketing.Campaign campaign : this.running) {
			Spend spent = this.spend.get(campaign.index());
			if (campaign.reaches(returning) && spent.costMicros + campaign.cpcMicros() <= spent.budgetMicros) {
				target -= campaign.share();
				if (target < 0) {
					return campaign;
				}
			}
		}
		return null;
	}

	/**
	 * A new UTC day of ad spend: the campaigns running and their budgets, from the clicks
	 * a day of this rate is expected to bring each (with the campaign's headroom).
	 */
	private void startDay(LocalDate day) {
		this.spendDay = day;
		this.spend.clear();
		this.running = this.marketing.running(day);
		double sessions = this.population.sessionsPerHour() * 24 * TrafficCurve.holidayFactor(day);
		double paidNew = sessions * Population.NEW_SHARE * this.paidShareNew;
		double paidReturning = sessions * (1 - Population.NEW_SHARE) * this.paidShareReturning;
		double sharesNew = 0;
		double sharesReturning = 0;
		for (Marketing.Campaign campaign : this.running) {
			sharesNew += campaign.reaches(false) ? campaign.share() : 0;
			sharesReturning += campaign.reaches(true) ? campaign.share() : 0;
		}
		for (Marketing.Campaign campaign : this.running) {
			double clicks = (campaign.reaches(false) ? paidNew * campaign.share() / sharesNew : 0)
					+ (campaign.reaches(true) ? paidReturning * campaign.share() / sharesReturning : 0);
			long budget = Math.max(1_000_000L,
					Math.round(clicks * campaign.cpcMicros() * campaign.headroom() / 1_000_000) * 1_000_000L);
			this.spend.put(campaign.index(), new Spend(budget));
		}
	}

	/**
	 * The platforms' reports of {@code day}: per campaign with clicks, its impressions
	 * (clicks over its click-through rate that day) and budget, arriving between 03:00
	 * and 07:00 UTC the next day.
	 */
	private List<Event> adReports(LocalDate day, long nextDayMillis) {
		List<Event> reports = new ArrayList<>();
		if (day == null) {
			return reports;
		}
		SplittableRandom random = Seeds.stream(this.seed, 9, day.toEpochDay());
		for (Marketing.Campaign campaign : this.running) {
			Spend spent = this.spend.get(campaign.index());
			if (spent.clicks == 0) {
				continue;
			}
			double ctr = campaign.ctr() * Math.exp(0.1 * Seeds.gaussian(random));
			int impressions = (int) Math.min(Integer.MAX_VALUE, Math.round(spent.clicks / ctr));
			long at = nextDayMillis + 3 * 3_600_000L + random.nextLong(4 * 3_600_000L);
			reports.add(new AdImpressionsReported(Seeds.uuid(random), EventType.AD_IMPRESSIONS_REPORTED.version(),
					Instant.ofEpochMilli(at), ADS_SESSION, ADS_SESSION, null, BACK_OFFICE, HEADQUARTERS, day,
					campaign.id(), campaign.name(), campaign.platform(), impressions, spent.budgetMicros,
					this.properties.catalog().currency()));
		}
		return reports;
	}

	/**
	 * {@code events} as a timeline, in the order of {@link #order} as a stable sort by it
	 * would give them (on a whole tie, the one added first first): sorted on their times
	 * and places in the columns packed in a primitive array (a shard's slice is a
	 * thousand events or so, and a comparator over objects cost a sixth of the shard's
	 * time), then each run of equal times by session key and place.
	 * @param serialized whether the events carry their bytes
	 */
	static Timeline sortedByTime(Columns events, boolean serialized) {
		int count = events.size;
		long first = Long.MAX_VALUE;
		long last = Long.MIN_VALUE;
		for (int i = 0; i < count; i++) {
			first = Math.min(first, events.at[i]);
			last = Math.max(last, events.at[i]);
		}
		int[] sorted = new int[count];
		if (count > 0 && last - first >= Integer.MAX_VALUE) {
			// Times too far apart to pack (never in an hour's events).
			for (int i = 0; i < count; i++) {
				sorted[i] = i;
			}
			sortByOrder(events, sorted, 0, count);
		}
		else {
			long[] packed = new long[count];
			for (int i = 0; i < count; i++) {
				packed[i] = ((events.at[i] - first) << 32) | i;
			}
			Arrays.sort(packed);
			for (int i = 0; i < count; i++) {
				sorted[i] = (int) packed[i];
			}
			int run = 0;
			for (int i = 1; i <= count; i++) {
				if (i == count || (packed[i] >>> 32) != (packed[run] >>> 32)) {
					if (i - run > 1) {
						sortByOrder(events, sorted, run, i);
					}
					run = i;
				}
			}
		}
		Columns timeline = new Columns(count, serialized);
		for (int i = 0; i < count; i++) {
			timeline.set(i, events, sorted[i]);
		}
		return new Timeline(timeline, 0, count);
	}

	/**
	 * Sorts the places {@code sorted[from, to)} of {@code events} stably by
	 * {@link #order} (they come in the order ties keep). A run of one time is a few
	 * events: sorted by insertion, a long one through a comparator.
	 */
	private static void sortByOrder(Columns events, int[] sorted, int from, int to) {
		if (to - from <= 16) {
			for (int i = from + 1; i < to; i++) {
				int place = sorted[i];
				int j = i - 1;
				while (j >= from && events.compare(sorted[j], place) > 0) {
					sorted[j + 1] = sorted[j];
					j--;
				}
				sorted[j + 1] = place;
			}
			return;
		}
		Integer[] boxed = new Integer[to - from];
		for (int i = from; i < to; i++) {
			boxed[i - from] = sorted[i];
		}
		Arrays.sort(boxed, events::compare);
		for (int i = from; i < to; i++) {
			sorted[i] = boxed[i - from];
		}
	}

	/**
	 * How events are ordered: by time, then session key (the shop's own events first),
	 * then place in the session; on primitives, for speed.
	 */
	private static int order(long atA, long keyA, int orderA, long atB, long keyB, int orderB) {
		if (atA != atB) {
			return Long.compare(atA, atB);
		}
		return (keyA != keyB) ? Long.compare(keyA, keyB) : Integer.compare(orderA, orderB);
	}

	/**
	 * Events by column: their times, sessions' keys, places in their sessions, the events
	 * and their bytes (no such column where nothing is serialized). A shard collects its
	 * slice in one it reuses from slice to slice, where an object per event made it
	 * allocate and copy each; a {@link Timeline} is a range of one.
	 */
	static final class Columns {

		long[] at;

		long[] key;

		int[] order;

		Event[] events;

		byte[][] json;

		/** Events added (the arrays of a timeline's columns are filled by place). */
		int size;

		/** Room for 256 events to be added, with their bytes or null. */
		Columns() {
			this(256, true);
		}

		Columns(int capacity, boolean serialized) {
			this.at = new long[capacity];
			this.key = new long[capacity];
			this.order = new int[capacity];
			this.events = new Event[capacity];
			this.json = serialized ? new byte[capacity][] : null;
		}

		void add(long at, long key, int order, Event event, byte[] json) {
			if (this.size == this.at.length) {
				int length = this.size * 2;
				this.at = Arrays.copyOf(this.at, length);
				this.key = Arrays.copyOf(this.key, length);
				this.order = Arrays.copyOf(this.order, length);
				this.events = Arrays.copyOf(this.events, length);
				this.json = Arrays.copyOf(this.json, length);
			}
			this.at[this.size] = at;
			this.key[this.size] = key;
			this.order[this.size] = order;
			this.events[this.size] = event;
			this.json[this.size++] = json;
		}

		/** Other's event at {@code j} put at {@code i}. */
		void set(int i, Columns other, int j) {
			this.at[i] = other.at[j];
			this.key[i] = other.key[j];
			this.order[i] = other.order[j];
			this.events[i] = other.events[j];
			if (this.json != null) {
				this.json[i] = other.json[j];
			}
		}

		/** {@link #order} of the events at {@code i} and {@code j}. */
		int compare(int i, int j) {
			return compare(i, this, j);
		}

		/** {@link #order} of its event at {@code i} and other's at {@code j}. */
		int compare(int i, Columns other, int j) {
			return order(this.at[i], this.key[i], this.order[i], other.at[j], other.key[j], other.order[j]);
		}

		/** Empty again, holding no event. */
		void clear() {
			Arrays.fill(this.events, 0, this.size, null);
			Arrays.fill(this.json, 0, this.size, null);
			this.size = 0;
		}

	}

	private static <T> T join(Future<T> result) {
		try {
			return result.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while simulating", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("a simulation shard failed", ex.getCause());
		}
	}

	/** The visitors of one shard: their state and their pending refunds. */
	private final class Shard {

		private final Map<Long, VisitorState> states = new HashMap<>();

		private final PriorityQueue<RefundPlan> refunds = new PriorityQueue<>(
				Comparator.comparingLong(RefundPlan::at).thenComparingLong(RefundPlan::key));

		/** The slice's events as the shard simulates them; emptied after each slice. */
		private final Columns out = new Columns();

		ShardSlice run(List<SessionSimulator.Arrival> arrivals, long until, Function<Event, byte[]> serializer) {
			Columns out = this.out;
			List<Event> sessionEvents = new ArrayList<>();
			List<RefundPlan> planned = new ArrayList<>();
			List<long[]> followUps = new ArrayList<>();
			for (SessionSimulator.Arrival arrival : arrivals) {
				emitRefunds(arrival.at(), out, serializer);
				sessionEvents.clear();
				planned.clear();
				Population.Visitor visitor = ShopperSimulator.this.population.visitor(arrival.key());
				VisitorState kept = ShopperSimulator.this.sessions.run(arrival, visitor, this.states.get(arrival.key()),
						sessionEvents, planned, followUps);
				if (kept != null) {
					this.states.put(arrival.key(), kept);
				}
				else {
					this.states.remove(arrival.key());
				}
				long sessionKey = arrival.key() * 31 + arrival.at();
				for (int i = 0; i < sessionEvents.size(); i++) {
					Event event = sessionEvents.get(i);
					out.add(event.occurredAt().toEpochMilli(), sessionKey, i, event, serialized(serializer, event));
				}
				this.refunds.addAll(planned);
			}
			emitRefunds(until, out, serializer);
			Timeline sorted = sortedByTime(out, serializer != null);
			out.clear();
			return new ShardSlice(sorted, followUps);
		}

		private void emitRefunds(long before, Columns out, Function<Event, byte[]> serializer) {
			while (!this.refunds.isEmpty() && this.refunds.peek().at() < before) {
				RefundPlan plan = this.refunds.poll();
				SplittableRandom random = Seeds.stream(ShopperSimulator.this.seed, 8, plan.key());
				OrderRefunded refund = new OrderRefunded(Seeds.uuid(random), EventType.ORDER_REFUNDED.version(),
						Instant.ofEpochMilli(plan.at()), Ids.of("sup_", random.nextLong()), plan.anonymousId(),
						plan.customerId(), SUPPORT_DESK, plan.geo(), Ids.of("rfd_", random.nextLong()), plan.orderId(),
						plan.lineIds(), plan.amountCents(), ShopperSimulator.this.properties.catalog().currency(),
						plan.reason());
				out.add(plan.at(), plan.key(), 0, refund, serialized(serializer, refund));
			}
		}

	}

	/** What a campaign spent today, against its budget. */
	private static final class Spend {

		final long budgetMicros;

		long clicks;

		long costMicros;

		Spend(long budgetMicros) {
			this.budgetMicros = budgetMicros;
		}

	}

	private record ShardSlice(Timeline events, List<long[]> followUps) {
	}

}
