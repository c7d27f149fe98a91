package io.shoplake.producer.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

import io.shoplake.events.AdClicked;
import io.shoplake.events.Event;
import io.shoplake.events.OrderCompleted;
import io.shoplake.events.OrderLine;
import io.shoplake.events.OrderRefunded;
import io.shoplake.events.SessionStarted;
import io.shoplake.producer.defects.OutgoingMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ground truth the warehouse must match: per UTC event date, what the bus
 * acknowledged. Only acknowledged messages count; duplicates and poison pills are counted
 * apart, never in the sales figures. Thread-safe; saved as JSON with an atomic rename so
 * it survives a restart.
 */
public final class Ledger {

	private final NavigableMap<LocalDate, DayTotals> days = new TreeMap<>();

	private final Function<String, String> campaignOfClick;

	/** End of the last simulated hour whose messages were generated; null before any. */
	private Instant simulatedUntil;

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

	/** Counts a message the bus acknowledged. */
	public synchronized void acknowledged(OutgoingMessage message) {
		this.changes++;
		Event event = message.event();
		DayTotals day = day(event.occurredAt().atZone(ZoneOffset.UTC).toLocalDate());
		switch (message.kind()) {
			case POISON -> day.poison.merge(message.poison().wireName(), 1L, Long::sum);
			case DUPLICATE -> day.duplicates++;
			case VALID -> {
				if (message.late()) {
					day.late++;
				}
				valid(event, day);
			}
		}
	}

	private void valid(Event event, DayTotals day) {
		if (event instanceof SessionStarted) {
			day.sessions++;
		}
		else if (event instanceof AdClicked click) {
			DayTotals.CampaignTotals campaign = day.campaigns.computeIfAbsent(click.campaignId(),
					(k) -> new DayTotals.CampaignTotals());
			campaign.clicks++;
			campaign.costMicros += click.costMicros();
		}
		else if (event instanceof OrderCompleted order) {
			day.orders++;
			day.discountCents += order.discountCents();
			day.shippingCents += order.shippingCents();
			day.taxCents += order.taxCents();
			for (OrderLine line : order.lines()) {
				day.units += line.quantity();
				day.grossCents += line.grossCents();
				day.discountCents += line.discountCents();
				DayTotals.ProductTotals product = day.products.computeIfAbsent(line.productId(),
						(k) -> new DayTotals.ProductTotals());
				product.units += line.quantity();
				product.revenueCents += line.netCents();
			}
			if (order.clickId() != null) {
				DayTotals.CampaignTotals campaign = day.campaigns.computeIfAbsent(
						this.campaignOfClick.apply(order.clickId()), (k) -> new DayTotals.CampaignTotals());
				campaign.orders++;
				campaign.revenueCents += order.subtotalCents() - order.discountCents();
			}
		}
		else if (event instanceof OrderRefunded refund) {
			day.refunds++;
			day.refundCents += refund.amountCents();
		}
	}

	private DayTotals day(LocalDate date) {
		return this.days.computeIfAbsent(date, (k) -> new DayTotals());
	}

	/** The days from {@code from} to {@code to}, both included, that have any count. */
	public synchronized Map<LocalDate, DayTotals> between(LocalDate from, LocalDate to, JsonMapper copier) {
		Map<LocalDate, DayTotals> view = new TreeMap<>();
		this.days.subMap(from, true, to, true)
			.forEach((date, totals) -> view.put(date, copier.convertValue(totals, DayTotals.class)));
		return view;
	}

	/** The days from {@code from} to {@code to}, both included, that have any count. */
	public synchronized List<LocalDate> countedDays(LocalDate from, LocalDate to) {
		return List.copyOf(this.days.subMap(from, true, to, true).keySet());
	}

	/**
	 * Records that simulated time up to {@code until} has been generated: traffic started
	 * later resumes from there rather than generate (and count) the same events again.
	 */
	public synchronized void simulated(Instant until) {
		if (this.simulatedUntil == null || until.isAfter(this.simulatedUntil)) {
			this.simulatedUntil = until;
			this.changes++;
		}
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
		// without
		// holding up the acknowledgements counted meanwhile.
		synchronized (this.saving) {
			byte[] json;
			long version;
			synchronized (this) {
				if (this.changes == this.savedChanges) {
					return false;
				}
				json = mapper.writeValueAsBytes(new Saved(this.simulatedUntil, this.days));
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
		this.simulatedUntil = null;
		if (saved != null) {
			if (saved.days() != null) {
				this.days.putAll(saved.days());
			}
			this.simulatedUntil = saved.simulatedUntil();
		}
		this.savedChanges = this.changes;
	}

	/**
	 * Loads {@code store} again unless this instance holds counts it has not saved: picks
	 * up what another instance saved since (during a rollout, the previous revision's
	 * last save comes after this one started). Returns whether it loaded.
	 */
	public synchronized boolean refresh(LedgerStore store, JsonMapper mapper) {
		if (this.changes != this.savedChanges) {
			return false;
		}
		load(store, mapper);
		return true;
	}

	/**
	 * The saved form.
	 *
	 * @param simulatedUntil end of the simulated time generated so far
	 * @param days the counts per UTC event date
	 */
	private record Saved(Instant simulatedUntil, TreeMap<LocalDate, DayTotals> days) {

		Saved(Instant simulatedUntil, Map<LocalDate, DayTotals> days) {
			this(simulatedUntil, new TreeMap<>(days));
		}

	}

}
