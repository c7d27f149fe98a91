package io.shoplake.producer.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import io.shoplake.events.AdClicked;
import io.shoplake.events.AdImpressionsReported;
import io.shoplake.events.Event;
import io.shoplake.events.OrderCompleted;
import io.shoplake.events.Timestamps;
import io.shoplake.events.lake.LakeLayout;
import io.shoplake.events.ledger.LedgerDay;
import io.shoplake.producer.defects.OutgoingMessage;
import io.shoplake.producer.defects.PoisonKind;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ground truth the warehouse must match: per UTC event date, what the bus
 * acknowledged. Only acknowledged messages count; duplicates and poison pills are counted
 * apart, never in the sales figures.
 * <p>
 * It also knows how far the stream is <em>settled</em>: every message published with a
 * publish time up to {@link #settledUntil()} has been acknowledged or given up on, so
 * nothing more will ever arrive in the lake below it. A {@linkplain #checkpoint()
 * checkpoint} keeps the counts of exactly the messages published up to that watermark;
 * transform takes one before it loads the lake, shows what was published up to it, and
 * reconciliation later compares the marts with that checkpoint — exact while traffic
 * flows. Thread-safe; saved as JSON with an atomic rename so it survives a restart
 * (checkpoints are not saved: they live as long as the process).
 */
public final class Ledger {

	/** Checkpoints kept: the newest, a few runs back. */
	static final int CHECKPOINTS = 8;

	private final NavigableMap<LocalDate, DayTotals> days = new TreeMap<>();

	private final Function<String, String> campaignOfClick;

	/**
	 * Messages published and not yet settled, in the order they were published: the first
	 * is unresolved; those behind it may be resolved already.
	 */
	private final ArrayDeque<Publication> unsettled = new ArrayDeque<>();

	/** The publish time of the newest message published; null before any. */
	private Instant lastPublished;

	/** Every message published up to here is resolved; null before any. */
	private Instant settledUntil;

	private final LinkedHashMap<Instant, Checkpoint> checkpoints = new LinkedHashMap<>();

	/** Ad clicks published and not yet resolved, by click id. */
	private final Map<String, Publication> unresolvedClicks = new HashMap<>();

	/**
	 * Orders acknowledged whose ad click is not resolved yet, by click id: attributed to
	 * its campaign once the click is acknowledged, never if it is given up on.
	 */
	private final Map<String, List<Publication>> awaitingClick = new HashMap<>();

	/**
	 * Ad clicks given up on: the warehouse never sees them, so orders that name them are
	 * attributed to no campaign.
	 */
	private final Set<String> failedClicks = new TreeSet<>();

	/** End of the last simulated hour whose messages were generated; null before any. */
	private Instant simulatedUntil;

	/** The simulated hours generated so far: start → end, merged, never overlapping. */
	private final TreeMap<Instant, Instant> generated = new TreeMap<>();

	/** The epoch day {@link #day} looked up last, and its totals (null: none yet). */
	private long lastEpochDay;

	private DayTotals lastDayTotals;

	/** Counted changes since start-up, and how many of them the store holds. */
	private long changes;

	private long savedChanges;

	private final Object saving = new Object();

	/**
	 * @param campaignOfClick the campaign id a click id belongs to
	 */
	public Ledger(Function<String, String> campaignOfClick) {
		this.campaignOfClick = campaignOfClick;
	}

	/**
	 * Notes that {@code message} is being published with publish time
	 * {@code publishTime}; the result is passed back when the bus answers.
	 */
	public synchronized Publication published(OutgoingMessage message, Instant publishTime) {
		// Publish times travel with millisecond precision (the lake's, the warehouse's).
		Publication publication = new Publication(message.kind(), message.poison(), message.late(), message.event(),
				publishTime.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
		this.unsettled.addLast(publication);
		if (publication.kind == OutgoingMessage.Kind.VALID && publication.event instanceof AdClicked click) {
			this.unresolvedClicks.put(click.clickId(), publication);
		}
		if (this.lastPublished == null || publication.publishTime.isAfter(this.lastPublished)) {
			this.lastPublished = publication.publishTime;
		}
		return publication;
	}

	/**
	 * Counts a message the bus acknowledged. An order is attributed to the campaign of
	 * its last ad click as soon as that click is acknowledged too (the warehouse can
	 * attribute it only when it has both).
	 */
	public synchronized void acknowledged(Publication publication) {
		this.changes++;
		count(day(publication.event.occurredAt()), this.days, publication, 1);
		publication.state = State.ACKNOWLEDGED;
		if (publication.kind == OutgoingMessage.Kind.VALID) {
			if (publication.event instanceof AdClicked click) {
				this.unresolvedClicks.remove(click.clickId());
				List<Publication> orders = this.awaitingClick.remove(click.clickId());
				if (orders != null) {
					orders.forEach(this::attribute);
				}
			}
			else if (publication.event instanceof OrderCompleted order && order.clickId() != null) {
				if (this.unresolvedClicks.containsKey(order.clickId())) {
					this.awaitingClick.computeIfAbsent(order.clickId(), (k) -> new ArrayList<>()).add(publication);
				}
				else if (!this.failedClicks.contains(order.clickId())) {
					attribute(publication);
				}
			}
		}
		settle();
	}

	private void attribute(Publication order) {
		OrderCompleted event = (OrderCompleted) order.event;
		day(event.occurredAt()).attribute(event, this.campaignOfClick.apply(event.clickId()), 1);
		order.attributed = true;
	}

	/** Notes that a message was given up on (dead-lettered): it will never be counted. */
	public synchronized void failed(Publication publication) {
		publication.state = State.FAILED;
		if (publication.kind == OutgoingMessage.Kind.VALID && publication.event instanceof AdClicked click) {
			this.unresolvedClicks.remove(click.clickId());
			this.awaitingClick.remove(click.clickId());
			this.failedClicks.add(click.clickId());
			this.changes++;
		}
		settle();
	}

	/**
	 * Drops resolved messages off the front and moves the watermark up: to just below the
	 * first message still pending. A resolved message published in the same millisecond
	 * as that one (or later) stays: it is above the watermark, and a checkpoint must
	 * leave it out — dropping it would count it in a checkpoint whose watermark the lake
	 * does not show it under.
	 */
	private void settle() {
		Instant firstPending = null;
		for (Publication publication : this.unsettled) {
			if (publication.state == State.PENDING) {
				firstPending = publication.publishTime;
				break;
			}
		}
		while (!this.unsettled.isEmpty() && this.unsettled.peekFirst().state != State.PENDING
				&& (firstPending == null || this.unsettled.peekFirst().publishTime.isBefore(firstPending))) {
			this.unsettled.pollFirst();
		}
		Instant settled = (firstPending == null) ? this.lastPublished : firstPending.minusMillis(1);
		if (settled != null && (this.settledUntil == null || settled.isAfter(this.settledUntil))) {
			this.settledUntil = settled;
			this.changes++;
		}
	}

	/**
	 * The totals of the UTC day {@code occurredAt} falls on, created if need be. The day
	 * looked up last is kept: nearly every acknowledgement falls on the same day as the
	 * one before, and counting each message (a date and a map look-up, then the counts)
	 * was 9.7 % of the file sink's thread in a backfill.
	 */
	private DayTotals day(Instant occurredAt) {
		long epochDay = Timestamps.epochDay(occurredAt.getEpochSecond());
		if (this.lastDayTotals == null || epochDay != this.lastEpochDay) {
			this.lastDayTotals = this.days.computeIfAbsent(LakeLayout.dayOf(occurredAt), (k) -> new DayTotals());
			this.lastEpochDay = epochDay;
		}
		return this.lastDayTotals;
	}

	/**
	 * Counts ({@code sign} 1) or takes out ({@code sign} -1) a message in {@code days}:
	 * on the UTC date its event occurred, but an ad platform's impressions on the day its
	 * report covers.
	 */
	private static void count(Map<LocalDate, DayTotals> days, Publication publication, int sign) {
		count(days.computeIfAbsent(LakeLayout.dayOf(publication.event.occurredAt()), (k) -> new DayTotals()), days,
				publication, sign);
	}

	/** As above, with the totals of the event's day at hand. */
	private static void count(DayTotals eventDay, Map<LocalDate, DayTotals> days, Publication publication, int sign) {
		eventDay.count(publication.kind, publication.poison, publication.late, publication.event, sign);
		if (publication.kind == OutgoingMessage.Kind.VALID
				&& publication.event instanceof AdImpressionsReported report) {
			days.computeIfAbsent(report.reportDate(), (k) -> new DayTotals()).impressions(report, sign);
		}
	}

	/**
	 * The newest publish time up to which every published message is resolved; null
	 * before anything was published.
	 */
	public synchronized Instant settledUntil() {
		return this.settledUntil;
	}

	/**
	 * Keeps the counts of the messages published up to {@link #settledUntil()} (before
	 * anything is settled: up to the epoch, nothing) and returns them. Messages published
	 * later but acknowledged already are left out of the checkpoint.
	 */
	public synchronized Checkpoint checkpoint() {
		Instant asOf = (this.settledUntil != null) ? this.settledUntil : Instant.EPOCH;
		NavigableMap<LocalDate, DayTotals> copy = new TreeMap<>();
		this.days.forEach((date, totals) -> copy.put(date, totals.copy()));
		long below = 0;
		for (Publication publication : this.unsettled) {
			if (!publication.publishTime.isAfter(asOf)) {
				// Published below the watermark after it had passed (a backfill of
				// earlier
				// days): it may land in the lake without being in this checkpoint.
				if (publication.state == State.PENDING) {
					below++;
				}
			}
			else if (publication.state == State.ACKNOWLEDGED) {
				count(copy, publication, -1);
				if (publication.attributed) {
					OrderCompleted order = (OrderCompleted) publication.event;
					copy.get(order.occurredAt().atZone(ZoneOffset.UTC).toLocalDate())
						.attribute(order, this.campaignOfClick.apply(order.clickId()), -1);
				}
			}
		}
		NavigableMap<LocalDate, LedgerDay> served = new TreeMap<>();
		copy.forEach((date, totals) -> {
			if (!totals.isEmpty()) {
				served.put(date, totals.toLedgerDay());
			}
		});
		Checkpoint checkpoint = new Checkpoint(asOf, below, served);
		this.checkpoints.remove(asOf);
		this.checkpoints.put(asOf, checkpoint);
		Iterator<Instant> oldest = this.checkpoints.keySet().iterator();
		while (this.checkpoints.size() > CHECKPOINTS) {
			oldest.next();
			oldest.remove();
		}
		return checkpoint;
	}

	/** The days from {@code from} to {@code to}, both included, that have any count. */
	public synchronized NavigableMap<LocalDate, LedgerDay> between(LocalDate from, LocalDate to) {
		NavigableMap<LocalDate, LedgerDay> view = new TreeMap<>();
		this.days.subMap(from, true, to, true).forEach((date, totals) -> view.put(date, totals.toLedgerDay()));
		return view;
	}

	/**
	 * The days from {@code from} to {@code to} of the checkpoint at {@code asOf}, if it
	 * is still kept.
	 */
	public synchronized Optional<Checkpoint> checkpoint(Instant asOf, LocalDate from, LocalDate to) {
		Checkpoint checkpoint = this.checkpoints.get(asOf.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
		if (checkpoint == null) {
			return Optional.empty();
		}
		return Optional.of(new Checkpoint(checkpoint.asOf(), checkpoint.unsettledBelow(),
				new TreeMap<>(checkpoint.days().subMap(from, true, to, true))));
	}

	/**
	 * The UTC days with simulated hours from {@code from} (included) to {@code until}
	 * (excluded) that were generated already. Sessions are generated by the hour they
	 * start in, so a day whose only events are sessions that crossed midnight from an
	 * earlier run is not generated: a backfill may extend right after another.
	 */
	public synchronized List<LocalDate> generatedDays(Instant from, Instant until) {
		Set<LocalDate> days = new TreeSet<>();
		for (Map.Entry<Instant, Instant> range : this.generated.entrySet()) {
			Instant start = range.getKey().isAfter(from) ? range.getKey() : from;
			Instant end = range.getValue().isBefore(until) ? range.getValue() : until;
			for (Instant hour = start; hour.isBefore(end); hour = hour.plusSeconds(3600)) {
				days.add(hour.atZone(ZoneOffset.UTC).toLocalDate());
			}
		}
		return List.copyOf(days);
	}

	/**
	 * Records that the simulated hours from {@code from} to {@code until} have been
	 * generated: traffic started later resumes after them, and a backfill never generates
	 * (and counts) them again.
	 */
	public synchronized void simulated(Instant from, Instant until) {
		Instant start = from;
		Instant end = until;
		Map.Entry<Instant, Instant> before = this.generated.floorEntry(start);
		if (before != null && !before.getValue().isBefore(start)) {
			start = before.getKey();
			end = before.getValue().isAfter(end) ? before.getValue() : end;
		}
		for (Map.Entry<Instant, Instant> next = this.generated.ceilingEntry(start); next != null
				&& !next.getKey().isAfter(end); next = this.generated.ceilingEntry(start)) {
			end = next.getValue().isAfter(end) ? next.getValue() : end;
			this.generated.remove(next.getKey());
		}
		this.generated.put(start, end);
		if (this.simulatedUntil == null || until.isAfter(this.simulatedUntil)) {
			this.simulatedUntil = until;
		}
		this.changes++;
	}

	/** End of the simulated time generated so far, or {@code null}. */
	public synchronized Instant simulatedUntil() {
		return this.simulatedUntil;
	}

	/**
	 * Writes the ledger to {@code store} if anything was counted since it was last loaded
	 * or saved (an idle instance writes nothing, so it never replaces what another one
	 * saved); returns whether it wrote.
	 */
	public boolean save(LedgerStore store, JsonMapper mapper) {
		// One save at a time (the periodic one may still run when shutdown saves),
		// without holding up the acknowledgements counted meanwhile.
		synchronized (this.saving) {
			byte[] json;
			long version;
			synchronized (this) {
				if (this.changes == this.savedChanges) {
					return false;
				}
				json = mapper.writeValueAsBytes(new Saved(this.simulatedUntil, this.settledUntil, this.generated,
						this.days, this.failedClicks));
				version = this.changes;
			}
			try {
				store.write(json);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("could not save the ledger to " + store, ex);
			}
			synchronized (this) {
				this.savedChanges = Math.max(this.savedChanges, version);
			}
			return true;
		}
	}

	/** Replaces the counts with those saved in {@code store}, if it holds any. */
	public synchronized void load(LedgerStore store, JsonMapper mapper) {
		byte[] json;
		try {
			json = store.read();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read the ledger at " + store, ex);
		}
		Saved saved = (json != null) ? mapper.readValue(json, Saved.class) : null;
		this.days.clear();
		this.lastDayTotals = null;
		this.generated.clear();
		this.simulatedUntil = null;
		this.settledUntil = null;
		this.lastPublished = null;
		this.checkpoints.clear();
		this.failedClicks.clear();
		if (saved != null) {
			if (saved.days() != null) {
				this.days.putAll(saved.days());
			}
			if (saved.failedClicks() != null) {
				this.failedClicks.addAll(saved.failedClicks());
			}
			this.simulatedUntil = saved.simulatedUntil();
			if (saved.generated() != null) {
				this.generated.putAll(saved.generated());
			}
			else {
				// Saved before generated hours were kept: every counted day counts as
				// generated, as the backfill check then had it.
				this.days.keySet().forEach((day) -> {
					Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
					simulated(start, start.plusSeconds(86_400));
				});
				this.simulatedUntil = saved.simulatedUntil();
			}
			this.settledUntil = saved.settledUntil();
			this.lastPublished = saved.settledUntil();
		}
		this.savedChanges = this.changes;
	}

	/**
	 * Loads {@code store} again unless this instance holds counts it has not saved: picks
	 * up what another instance saved since (during a rollout, the previous revision's
	 * last save comes after this one started). Returns whether it loaded.
	 */
	public synchronized boolean refresh(LedgerStore store, JsonMapper mapper) {
		if (this.changes != this.savedChanges || !this.unsettled.isEmpty()) {
			return false;
		}
		load(store, mapper);
		return true;
	}

	/** Where a published message stands. */
	private enum State {

		PENDING, ACKNOWLEDGED, FAILED

	}

	/**
	 * A message published and not yet settled, as the ledger counts it (its payload is
	 * not kept).
	 */
	public static final class Publication {

		private final OutgoingMessage.Kind kind;

		private final PoisonKind poison;

		private final boolean late;

		private final Event event;

		private final Instant publishTime;

		private State state = State.PENDING;

		/** For an order: whether it is counted in its click's campaign. */
		private boolean attributed;

		private Publication(OutgoingMessage.Kind kind, PoisonKind poison, boolean late, Event event,
				Instant publishTime) {
			this.kind = kind;
			this.poison = poison;
			this.late = late;
			this.event = event;
			this.publishTime = publishTime;
		}

		Event event() {
			return this.event;
		}

		/** The publish time the message carries. */
		public Instant publishTime() {
			return this.publishTime;
		}

	}

	/**
	 * The counts of the messages published up to {@code asOf}.
	 *
	 * @param asOf the watermark: every message published up to it was resolved when the
	 * checkpoint was taken
	 * @param unsettledBelow messages published below the watermark after it had passed it
	 * (a backfill of earlier days) and still in flight then: while not zero, the lake may
	 * get lines below the watermark that the checkpoint does not count
	 * @param days the counts per UTC event date
	 */
	public record Checkpoint(Instant asOf, long unsettledBelow, NavigableMap<LocalDate, LedgerDay> days) {
	}

	/**
	 * The saved form.
	 *
	 * @param simulatedUntil end of the simulated time generated so far
	 * @param settledUntil the settled watermark
	 * @param generated the simulated hours generated: start → end
	 * @param days the counts per UTC event date
	 * @param failedClicks ad clicks given up on
	 */
	private record Saved(Instant simulatedUntil, Instant settledUntil, TreeMap<Instant, Instant> generated,
			TreeMap<LocalDate, DayTotals> days, Set<String> failedClicks) {

		Saved(Instant simulatedUntil, Instant settledUntil, Map<Instant, Instant> generated,
				Map<LocalDate, DayTotals> days, Set<String> failedClicks) {
			this(simulatedUntil, settledUntil, new TreeMap<>(generated), new TreeMap<>(days),
					new TreeSet<>(failedClicks));
		}

	}

}
