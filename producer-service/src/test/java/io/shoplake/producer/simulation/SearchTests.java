package io.shoplake.producer.simulation;

import java.time.Month;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search box: results come from the catalogue, so a query always has the same count,
 * a brand's query finds that brand, a kind finds that kind, nonsense finds nothing; the
 * queries shoppers type come from the catalogue's words, sometimes cut short or mistyped.
 */
class SearchTests {

	private final Catalog catalog = new Catalog(42L, 2_000, 1.05);

	private final Search search = this.catalog.search();

	@Test
	void aBrandFindsExactlyItsProducts() {
		long sonora = this.catalog.products().stream().filter((product) -> product.brand().equals("Sonora")).count();
		int[] results = this.search.results("sonora");
		assertThat(results).hasSize((int) sonora);
		assertThat(java.util.Arrays.stream(results).mapToObj((index) -> this.catalog.products().get(index).brand()))
			.containsOnly("Sonora");
	}

	@Test
	void wordsNarrowTheResultsAndTheLastWordIsAPrefix() {
		int headphones = this.search.results("headphones").length;
		int sonoraHeadphones = this.search.results("sonora headphones").length;
		assertThat(headphones).isPositive();
		assertThat(sonoraHeadphones).isPositive().isLessThan(headphones);
		assertThat(this.search.results("sonora headph")).hasSize(sonoraHeadphones);
		assertThat(this.search.results("qwerty")).isEmpty();
		assertThat(this.search.results("?")).isEmpty();
	}

	@Test
	void queriesComeFromTheCatalogueAndOneQueryAlwaysHasOneCount() {
		SplittableRandom random = new SplittableRandom(3);
		Map<String, Integer> counts = new HashMap<>();
		int empty = 0;
		for (int i = 0; i < 20_000; i++) {
			String query = this.search.query(random, this.catalog.drawProduct(random, Month.MAY));
			int count = this.search.results(query).length;
			Integer before = counts.put(query, count);
			if (before != null) {
				assertThat(count).as(query).isEqualTo(before);
			}
			empty += (count == 0) ? 1 : 0;
		}
		// Mostly found; typos and nonsense find nothing now and then.
		assertThat(empty / 20_000.0).isBetween(0.03, 0.25);
		assertThat(counts.keySet()).allMatch((query) -> query.matches("[a-z0-9 ?-]+"));
		assertThat(counts.size()).isGreaterThan(1_000);
	}

}
