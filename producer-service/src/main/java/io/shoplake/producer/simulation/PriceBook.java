package io.shoplake.producer.simulation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.shoplake.events.Device;
import io.shoplake.events.EventType;
import io.shoplake.events.Geo;
import io.shoplake.events.ProductPriceChanged;

/**
 * List prices over time. Every night the shop reprices a share of its products in a batch
 * job that starts a few minutes after 02:00 shop time (Europe/Berlin) and walks the
 * catalogue for 20-35 minutes; a product's price changes at the moment the job reaches
 * it. Whether a product is repriced on a day, and to what, is a pure function of the
 * seed, the product and the day (prices move around the product's base price, ending like
 * shop prices do), so a run that starts on any day shows the prices every other run shows
 * on that day. A view at a moment shows the price of that moment, so every
 * {@code product_price_changed} precedes the views that show its new price.
 */
final class PriceBook {

	static final String PRICING_SESSION = "sys_pricing";

	static final ZoneId SHOP_ZONE = ZoneId.of("Europe/Berlin");

	/** The shop opened then: no repricing before. */
	private static final LocalDate OPENED = LocalDate.of(2024, 1, 1);

	private static final Device BACK_OFFICE = new Device("desktop", "Linux", "backoffice");

	private static final Geo HEADQUARTERS = new Geo("DE", "Berlin", "Berlin");

	private final Catalog catalog;

	private final long seed;

	private final double dailyShare;

	private final String currency;

	private final long[] before;

	private final long[] after;

	private final long[] changeAt;

	/** The next day whose batch is not applied yet. */
	private LocalDate nextBatch;

	private final long runStart;

	/** Applied batches whose events are still to be emitted, with their start. */
	private final List<Batch> applied = new ArrayList<>();

	PriceBook(Catalog catalog, long seed, double dailyShare, String currency, Instant start) {
		this.catalog = catalog;
		this.seed = seed;
		this.dailyShare = dailyShare;
		this.currency = currency;
		int n = catalog.products().size();
		this.before = new long[n];
		this.after = new long[n];
		this.changeAt = new long[n];
		this.runStart = start.toEpochMilli();
		LocalDate today = LocalDate.ofInstant(start, SHOP_ZONE);
		// Today's batch is part of the prices at the start if it began before it.
		LocalDate applied = (batchStart(today) < this.runStart) ? today : today.minusDays(1);
		for (Catalog.Product product : catalog.products()) {
			long price = product.basePriceCents();
			for (LocalDate day = OPENED; !day.isAfter(applied); day = day.plusDays(1)) {
				if (changes(product.index(), day)) {
					price = level(product, day, price);
				}
			}
			this.before[product.index()] = price;
			this.after[product.index()] = price;
			this.changeAt[product.index()] = Long.MIN_VALUE;
		}
		this.nextBatch = applied.plusDays(1);
	}

	/** The list price of {@code product} at {@code at} (epoch millis). */
	long price(Catalog.Product product, long at) {
		int i = product.index();
		return (at >= this.changeAt[i]) ? this.after[i] : this.before[i];
	}

	/**
	 * Applies the batches that start before {@code horizon} (epoch millis), so sessions
	 * simulated up to then see their prices, and returns the price changes of the batches
	 * that start in {@code [from, to)}: each batch is emitted by the run that simulates
	 * its start, never by two.
	 */
	List<ProductPriceChanged> advance(long from, long to, long horizon) {
		while (batchStart(this.nextBatch) < horizon) {
			this.applied.add(apply(this.nextBatch));
			this.nextBatch = this.nextBatch.plusDays(1);
		}
		List<ProductPriceChanged> due = new ArrayList<>();
		this.applied.removeIf((batch) -> {
			if (batch.start >= to) {
				return false;
			}
			if (batch.start >= from && batch.start >= this.runStart) {
				due.addAll(batch.changes);
			}
			return true;
		});
		return due;
	}

	private Batch apply(LocalDate day) {
		long start = batchStart(day);
		SplittableRandom random = Seeds.stream(this.seed, 5, day.toEpochDay());
		long duration = 20 * 60_000L + random.nextLong(15 * 60_000L);
		int n = this.catalog.products().size();
		List<ProductPriceChanged> changes = new ArrayList<>();
		for (Catalog.Product product : this.catalog.products()) {
			int i = product.index();
			if (!changes(i, day)) {
				continue;
			}
			long old = this.after[i];
			long next = level(product, day, old);
			long at = start + duration * i / n + random.nextLong(900);
			this.before[i] = old;
			this.after[i] = next;
			this.changeAt[i] = at;
			changes.add(new ProductPriceChanged(Seeds.uuid(random), EventType.PRODUCT_PRICE_CHANGED.version(),
					Instant.ofEpochMilli(at), PRICING_SESSION, PRICING_SESSION, null, BACK_OFFICE, HEADQUARTERS,
					product.id(), old, next, this.currency));
		}
		return new Batch(start, changes);
	}

	/** When the day's batch starts (epoch millis): 02:00 shop time and a few minutes. */
	private long batchStart(LocalDate day) {
		long jitter = Seeds.stream(this.seed, 4, day.toEpochDay()).nextLong(8 * 60_000L);
		return day.atTime(2, 0).atZone(SHOP_ZONE).toInstant().toEpochMilli() + 60_000L + jitter;
	}

	private boolean changes(int product, LocalDate day) {
		if (day.isBefore(OPENED)) {
			return false;
		}
		long bits = Seeds.mix(Seeds.mix(Seeds.mix(this.seed, 610), product), day.toEpochDay());
		return (bits >>> 11) * 0x1.0p-53 < this.dailyShare;
	}

	/**
	 * The price a product gets on a repricing day: around its base, never its old one.
	 */
	private long level(Catalog.Product product, LocalDate day, long old) {
		SplittableRandom random = Seeds.stream(Seeds.mix(Seeds.mix(this.seed, 620), product.index()), 0,
				day.toEpochDay());
		double factor = Math.min(1.2, Math.max(0.75, Math.exp(0.09 * Seeds.gaussian(random))));
		long next = Catalog.listPrice(product.basePriceCents() / 100.0 * factor);
		if (next == old) {
			next = Catalog.listPrice(product.basePriceCents() / 100.0 * factor * ((factor < 1) ? 1.06 : 0.94));
		}
		if (next == old) {
			next = Math.max(99, old - 100);
		}
		if (next == old) {
			next = old + 100;
		}
		return next;
	}

	private record Batch(long start, List<ProductPriceChanged> changes) {
	}

}
