package io.shoplake.producer.simulation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import io.shoplake.events.ProductPriceChanged;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nightly repricing: a batch job that starts after 02:00 shop time and walks the
 * catalogue for minutes; prices are a function of the day, so a run starting on any day
 * shows what every other run shows; a price change precedes the views of its new price.
 */
class PriceBookTests {

	private final Catalog catalog = new Catalog(42L, 2_000, 1.05);

	private static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");

	@Test
	void theBatchRunsForMinutesInTheNightAndEachChangeShows() {
		PriceBook prices = new PriceBook(this.catalog, 42L, 0.01, "EUR", MONDAY);
		List<ProductPriceChanged> changes = advanceDay(prices, MONDAY);
		assertThat(changes).hasSizeBetween(5, 45);
		Instant first = changes.get(0).occurredAt();
		Instant last = changes.get(changes.size() - 1).occurredAt();
		assertThat(Duration.between(first, last)).isGreaterThan(Duration.ofMinutes(10));
		assertThat(first.atZone(PriceBook.SHOP_ZONE).getHour()).isEqualTo(2);
		assertThat(changes).extracting(ProductPriceChanged::occurredAt).isSorted();
		for (ProductPriceChanged change : changes) {
			Catalog.Product product = product(change.productId());
			long at = change.occurredAt().toEpochMilli();
			assertThat(prices.price(product, at - 1)).isEqualTo(change.oldPriceCents());
			assertThat(prices.price(product, at)).isEqualTo(change.newPriceCents())
				.isNotEqualTo(change.oldPriceCents());
			assertThat(change.newPriceCents() % 100).isEqualTo(99);
		}
	}

	@Test
	void aRunStartingLaterShowsThePricesAnEarlierRunReached() {
		PriceBook early = new PriceBook(this.catalog, 42L, 0.01, "EUR", MONDAY);
		Instant thursday = MONDAY.plus(Duration.ofDays(3));
		for (Instant hour = MONDAY; hour.isBefore(thursday); hour = hour.plusSeconds(3600)) {
			early.advance(hour.toEpochMilli(), hour.toEpochMilli() + 3_600_000L, hour.toEpochMilli() + 4 * 3_600_000L);
		}
		PriceBook late = new PriceBook(this.catalog, 42L, 0.01, "EUR", thursday);
		long noon = thursday.plus(Duration.ofHours(12)).toEpochMilli();
		for (Instant hour = thursday; hour.toEpochMilli() < noon; hour = hour.plusSeconds(3600)) {
			late.advance(hour.toEpochMilli(), hour.toEpochMilli() + 3_600_000L, hour.toEpochMilli() + 4 * 3_600_000L);
			early.advance(hour.toEpochMilli(), hour.toEpochMilli() + 3_600_000L, hour.toEpochMilli() + 4 * 3_600_000L);
		}
		for (Catalog.Product product : this.catalog.products()) {
			assertThat(late.price(product, noon)).as(product.name()).isEqualTo(early.price(product, noon));
		}
	}

	@Test
	void aBatchIsEmittedByTheRunThatSimulatesItsStartOnly() {
		PriceBook endsAtMidnight = new PriceBook(this.catalog, 42L, 0.01, "EUR", MONDAY);
		Instant sunday = MONDAY.minus(Duration.ofDays(1));
		PriceBook before = new PriceBook(this.catalog, 42L, 0.01, "EUR", sunday);
		// The run that ends at midnight applies Monday's batch (its sessions may run into
		// it) but leaves its events to the run that simulates 02:00.
		for (Instant hour = sunday; hour.isBefore(MONDAY); hour = hour.plusSeconds(3600)) {
			List<ProductPriceChanged> changes = before.advance(hour.toEpochMilli(), hour.toEpochMilli() + 3_600_000L,
					hour.toEpochMilli() + 4 * 3_600_000L);
			assertThat(changes).allMatch((change) -> LocalDate.ofInstant(change.occurredAt(), ZoneOffset.UTC)
				.equals(LocalDate.of(2026, 11, 1)));
		}
		assertThat(advanceDay(endsAtMidnight, MONDAY)).isNotEmpty();
	}

	private List<ProductPriceChanged> advanceDay(PriceBook prices, Instant day) {
		List<ProductPriceChanged> changes = new java.util.ArrayList<>();
		for (Instant hour = day; hour.isBefore(day.plus(Duration.ofDays(1))); hour = hour.plusSeconds(3600)) {
			changes.addAll(prices.advance(hour.toEpochMilli(), hour.toEpochMilli() + 3_600_000L,
					hour.toEpochMilli() + 4 * 3_600_000L));
		}
		return changes;
	}

	private Catalog.Product product(String id) {
		return this.catalog.products().stream().filter((product) -> product.id().equals(id)).findFirst().orElseThrow();
	}

}
