package io.shoplake.producer.simulation;

import java.text.Normalizer;
import java.time.Month;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import io.shoplake.producer.ShippedData;

/**
 * The shop's catalogue, built from {@code catalog/catalog.yml}: a three-level category
 * tree whose leaves say how their products are named, what they cost, how they vary, when
 * they sell and how often they come back. The seed picks which products of each leaf
 * exist (brand + line + style + noun, and a colour or capacity), their list prices and
 * their popularity order; product demand is Zipf inside a leaf and follows the leaf's
 * season across leaves. Immutable; built once per simulation.
 */
final class Catalog {

	private static final String RESOURCE = "catalog/catalog.yml";

	private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{M}+");

	private final List<Leaf> leaves;

	private final List<Product> products;

	private final WeightedChoice[] leafByMonth = new WeightedChoice[12];

	private final Search search;

	Catalog(long seed, int productCount, double zipfExponent) {
		Data data = read();
		List<Leaf> leaves = new ArrayList<>();
		List<Product> products = new ArrayList<>();
		double totalWeight = 0;
		List<LeafSpec> specs = new ArrayList<>();
		List<String> paths = new ArrayList<>();
		List<String> urls = new ArrayList<>();
		for (Node top : data.categories()) {
			for (Node department : top.children()) {
				for (Node leaf : department.children()) {
					LeafSpec spec = leaf.spec();
					specs.add(spec);
					paths.add(top.name() + " > " + department.name() + " > " + leaf.name());
					urls.add("/c/" + top.slug() + "/" + department.slug() + "/" + leaf.slug());
					totalWeight += spec.weight();
				}
			}
		}
		Set<String> slugs = new HashSet<>();
		for (int l = 0; l < specs.size(); l++) {
			LeafSpec spec = specs.get(l);
			double[] season = data.seasons().get(spec.season());
			if (season == null || season.length != 12) {
				throw new IllegalStateException(
						RESOURCE + ": leaf " + spec.name() + " has no 12-month season " + spec.season());
			}
			SplittableRandom random = Seeds.stream(seed, 20, l);
			int wanted = Math.max(6, (int) Math.round(productCount * spec.weight() / totalWeight));
			List<Product> members = products(spec, l, wanted, random, products.size(), slugs, seed);
			int[] indexes = new int[members.size()];
			for (int i = 0; i < members.size(); i++) {
				indexes[i] = members.get(i).index();
			}
			products.addAll(members);
			leaves.add(new Leaf(l, spec.name(), paths.get(l), urls.get(l), spec.weight(), season, spec.returns(),
					spec.units(), indexes, WeightedChoice.zipf(indexes.length, zipfExponent)));
		}
		this.leaves = List.copyOf(leaves);
		this.products = List.copyOf(products);
		for (Month month : Month.values()) {
			double[] weights = new double[this.leaves.size()];
			for (Leaf leaf : this.leaves) {
				weights[leaf.index()] = leaf.weight() * leaf.season()[month.ordinal()];
			}
			this.leafByMonth[month.ordinal()] = new WeightedChoice(weights);
		}
		this.search = new Search(this);
	}

	/**
	 * The products of a leaf: the seed's pick of its name combinations, each with a list
	 * price and variants; the order of the list is the leaf's popularity order.
	 */
	private static List<Product> products(LeafSpec spec, int leaf, int wanted, SplittableRandom random, int first,
			Set<String> slugs, long seed) {
		boolean sized = spec.sizes() != null && !spec.sizes().isEmpty();
		boolean coloured = spec.colours() != null && !spec.colours().isEmpty();
		boolean capacities = spec.capacities() != null && !spec.capacities().isEmpty();
		List<String[]> combos = new ArrayList<>();
		for (String brand : spec.brands()) {
			for (String line : spec.lines()) {
				for (String style : spec.styles()) {
					if (sized && coloured) {
						for (String colour : spec.colours()) {
							combos.add(new String[] { brand, line, style, colour, null });
						}
					}
					else if (capacities) {
						for (int c = 0; c < spec.capacities().size(); c++) {
							combos.add(new String[] { brand, line, style, null, Integer.toString(c) });
						}
					}
					else {
						combos.add(new String[] { brand, line, style, null, null });
					}
				}
			}
		}
		for (int i = combos.size() - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			String[] swap = combos.get(i);
			combos.set(i, combos.get(j));
			combos.set(j, swap);
		}
		double low = Math.log(spec.price().get(0));
		double high = Math.log(spec.price().get(1));
		List<Product> products = new ArrayList<>();
		for (String[] combo : combos) {
			if (products.size() >= wanted) {
				break;
			}
			int capacity = (combo[4] != null) ? Integer.parseInt(combo[4]) : -1;
			String name = name(spec, combo[0], combo[1], combo[2], combo[3],
					(capacity >= 0) ? spec.capacities().get(capacity) : null);
			String slug = slug(name);
			if (!slugs.add(slug)) {
				continue;
			}
			double euros = Math.exp(low + (high - low) * random.nextDouble())
					* ((capacity > 0) ? 1 + 0.22 * capacity : 1);
			int index = first + products.size();
			List<Variant> variants = new ArrayList<>();
			List<String> labels = sized ? spec.sizes() : coloured ? spec.colours() : List.of("One size");
			for (String label : labels) {
				variants.add(new Variant(
						Ids.of("var_",
								Seeds.mix(Seeds.mix(seed, 21), (slug + "|" + label).hashCode() + ((long) index << 32))),
						label));
			}
			products.add(new Product(index,
					Ids.of("prd_", Seeds.mix(Seeds.mix(seed, 22), slug.hashCode() + ((long) index << 32))), name,
					"/p/" + slug, leaf, combo[0], listPrice(euros), List.copyOf(variants),
					sized ? WeightedChoice.bell(labels.size()) : WeightedChoice.zipf(labels.size(), 0.8)));
		}
		return products;
	}

	private static String name(LeafSpec spec, String brand, String line, String style, String colour, String capacity) {
		String pattern = (spec.pattern() != null) ? spec.pattern() : "{brand} {line} {style} {noun}";
		String name = pattern.replace("{brand}", brand)
			.replace("{line}", line)
			.replace("{style}", style)
			.replace("{noun}", spec.noun());
		if (capacity != null) {
			name = name + " " + capacity;
		}
		if (colour != null) {
			name = name + ", " + colour;
		}
		return name;
	}

	/**
	 * A price as shops end them: x.99 under 100, then to the 5 or 10 below, minus a cent
	 * (149.99, 1,299.99).
	 */
	static long listPrice(double euros) {
		long whole;
		if (euros < 100) {
			whole = Math.max(1, Math.round(euros));
		}
		else if (euros < 1000) {
			whole = Math.round(euros / 5) * 5;
		}
		else {
			whole = Math.round(euros / 10) * 10;
		}
		return whole * 100 - 1;
	}

	/** Lower-case ASCII words joined by hyphens. */
	static String slug(String text) {
		return ascii(text).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
	}

	/** Lower-case ASCII: accents dropped, ß, ø, æ and ł spelled out. */
	static String ascii(String text) {
		String lower = text.toLowerCase(Locale.ROOT)
			.replace("ß", "ss")
			.replace("ø", "o")
			.replace("æ", "ae")
			.replace("ł", "l")
			.replace("&", "and");
		return MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFD)).replaceAll("");
	}

	Product drawProduct(SplittableRandom random, Month month) {
		return drawInLeaf(random, this.leaves.get(this.leafByMonth[month.ordinal()].next(random)));
	}

	Leaf drawLeaf(SplittableRandom random, Month month) {
		return this.leaves.get(this.leafByMonth[month.ordinal()].next(random));
	}

	Product drawInLeaf(SplittableRandom random, Leaf leaf) {
		return this.products.get(leaf.products()[leaf.popularity().next(random)]);
	}

	List<Product> products() {
		return this.products;
	}

	List<Leaf> leaves() {
		return this.leaves;
	}

	Search search() {
		return this.search;
	}

	private static Data read() {
		return ShippedData.yaml(RESOURCE, Data.class);
	}

	/**
	 * A leaf category.
	 *
	 * @param index position
	 * @param name its name (the last level of its path)
	 * @param path top level first, joined by " > "
	 * @param url its category page
	 * @param weight share of product views on an ordinary day
	 * @param season demand factor per month
	 * @param returns share of ordered lines sent back
	 * @param units mean units of an order line
	 * @param products its products, most popular first
	 * @param popularity Zipf over {@code products}
	 */
	record Leaf(int index, String name, String path, String url, double weight, double[] season, double returns,
			double units, int[] products, WeightedChoice popularity) {
	}

	/**
	 * A product for sale.
	 *
	 * @param index position in the catalogue
	 * @param id opaque product id
	 * @param name display name
	 * @param url its product page, the slug of its name
	 * @param leaf its leaf's index
	 * @param brand brand name
	 * @param basePriceCents list price before any repricing
	 * @param variants its SKUs
	 * @param variantChoice how often each variant is chosen
	 */
	record Product(int index, String id, String name, String url, int leaf, String brand, long basePriceCents,
			List<Variant> variants, WeightedChoice variantChoice) {
	}

	/**
	 * A SKU of a product.
	 *
	 * @param id opaque variant id
	 * @param label what the shop calls it (M, 42, Black, One size)
	 */
	record Variant(String id, String label) {
	}

	/** The file's root. */
	private record Data(Map<String, double[]> seasons, List<Node> categories) {

		Data {
			seasons = new LinkedHashMap<>(seasons);
		}

	}

	/** A category of the tree; leaves carry their spec. */
	private record Node(String name, String slug, List<Node> children, String noun, List<String> styles,
			List<String> lines, List<String> brands, List<Double> price, List<String> sizes, List<String> colours,
			List<String> capacities, String season, Double weight, Double returns, Double units, String pattern) {

		Node {
			children = (children != null) ? children : List.of();
		}

		LeafSpec spec() {
			if (this.noun == null || this.brands == null || this.lines == null || this.styles == null
					|| this.price == null || this.price.size() != 2 || this.season == null || this.weight == null
					|| this.weight <= 0 || this.returns == null || this.units == null || this.units < 1) {
				throw new IllegalStateException(RESOURCE + ": leaf " + this.name + " lacks a field");
			}
			return new LeafSpec(this.name, this.noun, this.styles, this.lines, this.brands, this.price, this.sizes,
					this.colours, this.capacities, this.season, this.weight, this.returns, this.units, this.pattern);
		}

	}

	private record LeafSpec(String name, String noun, List<String> styles, List<String> lines, List<String> brands,
			List<Double> price, List<String> sizes, List<String> colours, List<String> capacities, String season,
			double weight, double returns, double units, String pattern) {
	}

}
