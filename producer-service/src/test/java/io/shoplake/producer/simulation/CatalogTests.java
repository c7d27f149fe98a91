package io.shoplake.producer.simulation;

import java.time.Month;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The curated catalogue reads like a general online shop's: a three-level tree, brands
 * that belong to their categories without number suffixes, names of brand, line, style
 * and kind, prices in each leaf's band ending like shop prices, variants, slugs, and
 * demand that follows each leaf's season.
 */
class CatalogTests {

	private final Catalog catalog = new Catalog(42L, 2_000, 1.05);

	@Test
	void theTreeHasThreeLevelsOfNamedCategoriesAndSlugPages() {
		assertThat(this.catalog.leaves()).hasSizeGreaterThan(40);
		assertThat(this.catalog.leaves()).allSatisfy((leaf) -> {
			assertThat(leaf.path().split(" > ")).hasSize(3);
			assertThat(leaf.path()).doesNotContain(",").endsWith(leaf.name());
			assertThat(leaf.url()).matches("/c/[a-z0-9-]+/[a-z0-9-]+/[a-z0-9-]+");
		});
		assertThat(this.catalog.leaves()).extracting(Catalog.Leaf::path)
			.contains("Fashion > Women > Dresses", "Electronics > Audio > Headphones");
	}

	@Test
	void productsAreNamedBrandLineStyleAndKindWithoutNumberedBrands() {
		Set<String> names = new HashSet<>();
		Set<String> ids = new HashSet<>();
		for (Catalog.Product product : this.catalog.products()) {
			assertThat(names.add(product.name())).as("unique name %s", product.name()).isTrue();
			assertThat(ids.add(product.id())).isTrue();
			assertThat(product.brand()).doesNotMatch(".* \\d+$");
			assertThat(product.url()).isEqualTo("/p/" + Catalog.slug(product.name()));
			assertThat(product.id()).matches("prd_[0-9A-Za-z]{10}");
		}
		assertThat(this.catalog.products()).hasSizeBetween(1_900, 2_300);
		Catalog.Product dress = this.catalog.products()
			.stream()
			.filter((product) -> this.catalog.leaves().get(product.leaf()).name().equals("Dresses"))
			.findFirst()
			.orElseThrow();
		// Brand + line + style + kind, and the colour: "Maison Lune Clara Wrap Dress,
		// Sage".
		assertThat(dress.name()).matches("[A-Z][\\p{L}& ]+ [A-Z]\\p{L}+ [\\p{L}-]+ Dress, [\\p{L} ]+");
		assertThat(dress.variants()).extracting(Catalog.Variant::label).containsExactly("XS", "S", "M", "L", "XL");
	}

	@Test
	void pricesStayInTheirLeafsBandAndEndLikeShopPrices() {
		Map<String, long[]> bands = new HashMap<>();
		for (Catalog.Product product : this.catalog.products()) {
			Catalog.Leaf leaf = this.catalog.leaves().get(product.leaf());
			long[] band = bands.computeIfAbsent(leaf.path(), (k) -> new long[] { Long.MAX_VALUE, 0 });
			band[0] = Math.min(band[0], product.basePriceCents());
			band[1] = Math.max(band[1], product.basePriceCents());
			assertThat(product.basePriceCents() % 100).as(product.name()).isEqualTo(99);
		}
		// A phone case is cheap, a laptop is not.
		assertThat(bands.get("Electronics > Phones & Accessories > Phone Cases")[1]).isLessThan(6_000);
		assertThat(bands.get("Electronics > Computers > Laptops")[0]).isGreaterThan(40_000);
		assertThat(Catalog.listPrice(47.3)).isEqualTo(4_699);
		assertThat(Catalog.listPrice(152.0)).isEqualTo(14_999);
		assertThat(Catalog.listPrice(1_294.0)).isEqualTo(128_999);
	}

	@Test
	void demandFollowsEachLeafsSeason() {
		assertThat(share("Swimwear", Month.JULY)).isGreaterThan(3 * share("Swimwear", Month.DECEMBER));
		assertThat(share("Coats & Jackets", Month.DECEMBER)).isGreaterThan(3 * share("Coats & Jackets", Month.JULY));
	}

	@Test
	void popularityIsSkewedInsideALeaf() {
		SplittableRandom random = new SplittableRandom(1);
		Map<String, Integer> views = new HashMap<>();
		for (int i = 0; i < 100_000; i++) {
			views.merge(this.catalog.drawProduct(random, Month.MARCH).id(), 1, Integer::sum);
		}
		int top = views.values()
			.stream()
			.sorted(java.util.Comparator.reverseOrder())
			.limit(200)
			.mapToInt(Integer::intValue)
			.sum();
		assertThat(top / 100_000.0).as("views of the top 10 % of products").isBetween(0.35, 0.75);
	}

	@Test
	void theSameSeedBuildsTheSameCatalogue() {
		assertThat(new Catalog(42L, 2_000, 1.05).products()).extracting(Catalog.Product::name)
			.containsExactlyElementsOf(this.catalog.products().stream().map(Catalog.Product::name).toList());
		assertThat(new Catalog(43L, 2_000, 1.05).products()).extracting(Catalog.Product::name)
			.isNotEqualTo(this.catalog.products().stream().map(Catalog.Product::name).toList());
	}

	private double share(String leafName, Month month) {
		SplittableRandom random = new SplittableRandom(7);
		int hits = 0;
		for (int i = 0; i < 50_000; i++) {
			if (this.catalog.drawLeaf(random, month).name().equals(leafName)) {
				hits++;
			}
		}
		return hits / 50_000.0;
	}

}
