package io.shoplake.producer.simulation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.shoplake.events.Device;
import io.shoplake.events.Geo;
import io.shoplake.events.ProductPriceChanged;

/**
 * Current list prices. The shop reprices a small share of products right after midnight
 * UTC each day (a nightly batch, as many shops do), so prices are constant within a day
 * and every {@code product_price_changed} precedes the views that show the new price.
 */
final class PriceBook {

	static final String PRICING_SESSION = "sys_pricing";

	private static final Device BACK_OFFICE = new Device("desktop", "Linux", "backoffice");

	private static final Geo HEADQUARTERS = new Geo("DE", "Berlin", "Berlin");

	private final long[] prices;

	private final String[] ids;

	private final long seed;

	private final double dailyShare;

	private final String currency;

	PriceBook(Catalog catalog, SimulationProperties properties) {
		this.prices = catalog.products().stream().mapToLong(Catalog.Product::basePriceCents).toArray();
		this.ids = catalog.products().stream().map(Catalog.Product::id).toArray(String[]::new);
		this.seed = properties.seed();
		this.dailyShare = properties.catalog().dailyPriceChangeShare();
		this.currency = properties.catalog().currency();
	}

	long price(Catalog.Product product) {
		return this.prices[product.index()];
	}

	/** Applies the day's repricing and returns its events, at 00:00:01 onwards. */
	List<ProductPriceChanged> reprice(LocalDate day) {
		SplittableRandom random = Seeds.stream(this.seed, 5, day.toEpochDay());
		int count = Seeds.poisson(random, this.prices.length * this.dailyShare);
		Instant at = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(1);
		List<ProductPriceChanged> changes = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			int product = random.nextInt(this.prices.length);
			long old = this.prices[product];
			double change = (random.nextDouble() < 0.6 ? -1 : 1) * (0.05 + 0.15 * random.nextDouble());
			long next = Math.max(99, Math.round(old * (1 + change) / 100.0) * 100 - 1);
			if (next == old) {
				continue;
			}
			this.prices[product] = next;
			changes.add(new ProductPriceChanged(Seeds.uuid(random), 1, at.plusMillis(i * 7L), PRICING_SESSION,
					PRICING_SESSION, null, BACK_OFFICE, HEADQUARTERS, this.ids[product], old, next, this.currency));
		}
		return changes;
	}

}
