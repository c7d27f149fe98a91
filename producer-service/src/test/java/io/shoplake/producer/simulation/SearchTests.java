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

	@Test
	void aKeptAnswerIsTheAnswerTheQueryGetsFirstHand() {
		// Seeded queries asked of this search box twice (the second answer is the kept
		// one) and of a new box over the same catalogue in the reverse order (every
		// answer there worked out afresh, none kept from the same query before it).
		SplittableRandom random = new SplittableRandom(15);
		java.util.List<String> queries = new java.util.ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			queries.add(this.search.query(random, this.catalog.drawProduct(random, Month.NOVEMBER)));
		}
		Map<String, int[]> first = new HashMap<>();
		for (String query : queries) {
			first.putIfAbsent(query, this.search.results(query).clone());
		}
		Search fresh = new Catalog(42L, 2_000, 1.05).search();
		for (int i = queries.size() - 1; i >= 0; i--) {
			String query = queries.get(i);
			assertThat(this.search.results(query)).as(query).containsExactly(first.get(query));
			assertThat(fresh.results(query)).as(query).containsExactly(first.get(query));
		}
		assertThat(first.values().stream().filter((results) -> results.length > 1).count()).isGreaterThan(500);
	}

}
