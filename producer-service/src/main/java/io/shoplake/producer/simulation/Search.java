package io.shoplake.producer.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shop's search box over the catalogue: what shoppers type (words of the catalogue's
 * names, brands and categories, sometimes cut short or mistyped, now and then nonsense)
 * and what the shop answers (the products whose words contain every word of the query,
 * the last word as a prefix, as a search-as-you-type box does). The answer depends on the
 * query only, so a query always gets the same result count. Immutable and thread-safe.
 */
final class Search {

	private static final String[] NONSENSE = { "asdf", "qwerty", "test", "xyz123", "hjkl", "aaaa", "?", "lorem" };

	private final Catalog catalog;

	/** Word → ids of the products having it, ascending. */
	private final TreeMap<String, int[]> index = new TreeMap<>();

	/**
	 * Per product: the words of its name, its leaf's name in ASCII, its brand in ASCII.
	 */
	private final String[][] nameWords;

	private final String[] kinds;

	private final String[] brands;

	/**
	 * Answers already given, by query: the same query always gets the same answer, and
	 * shoppers type the same few thousand queries again and again (about 20,000 distinct
	 * in 430,000 searches over half a day of 100,000 orders). Bounded: past this many,
	 * new queries are answered but not kept.
	 */
	private final ConcurrentHashMap<String, int[]> answered = new ConcurrentHashMap<>();

	private static final int MAX_ANSWERED = 65_536;

	Search(Catalog catalog) {
		this.catalog = catalog;
		int n = catalog.products().size();
		this.nameWords = new String[n][];
		this.kinds = new String[n];
		this.brands = new String[n];
		Map<String, List<Integer>> postings = new HashMap<>();
		for (Catalog.Product product : catalog.products()) {
			Catalog.Leaf leaf = catalog.leaves().get(product.leaf());
			this.nameWords[product.index()] = words(product.name());
			this.kinds[product.index()] = Catalog.ascii(leaf.name());
			this.brands[product.index()] = Catalog.ascii(product.brand());
			for (String word : words(product.name() + " " + leaf.name() + " " + product.brand())) {
				List<Integer> list = postings.computeIfAbsent(word, (k) -> new ArrayList<>());
				if (list.isEmpty() || list.get(list.size() - 1) != product.index()) {
					list.add(product.index());
				}
			}
		}
		postings.forEach((word, list) -> this.index.put(word, list.stream().mapToInt(Integer::intValue).toArray()));
	}

	/** Lower-case ASCII words of a text. */
	static String[] words(String text) {
		return split(Catalog.ascii(text));
	}

	/** The runs of [a-z0-9] in a lower-case ASCII text. */
	private static String[] split(String ascii) {
		List<String> words = new ArrayList<>(4);
		int start = -1;
		for (int i = 0; i <= ascii.length(); i++) {
			char c = (i < ascii.length()) ? ascii.charAt(i) : ' ';
			boolean word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
			if (word && start < 0) {
				start = i;
			}
			else if (!word && start >= 0) {
				words.add(ascii.substring(start, i));
				start = -1;
			}
		}
		return words.toArray(new String[0]);
	}

	/**
	 * A query a shopper might type when looking for {@code product}: its brand, its kind,
	 * both, a style or colour with the kind, a line; sometimes cut short or mistyped; 3 %
	 * of the time something that is no product at all.
	 */
	String query(SplittableRandom random, Catalog.Product product) {
		if (random.nextDouble() < 0.03) {
			return NONSENSE[random.nextInt(NONSENSE.length)];
		}
		String[] name = this.nameWords[product.index()];
		String kind = this.kinds[product.index()];
		String brand = this.brands[product.index()];
		double pick = random.nextDouble();
		String query;
		if (pick < 0.25) {
			query = kind;
		}
		else if (pick < 0.45) {
			query = brand;
		}
		else if (pick < 0.6) {
			query = brand + " " + kind;
		}
		else if (pick < 0.8) {
			query = name[random.nextInt(name.length)] + " " + kind;
		}
		else {
			query = String.join(" ", Arrays.copyOfRange(name, 0, Math.min(name.length, 2 + random.nextInt(2))));
		}
		double slip = random.nextDouble();
		if (slip < 0.08) {
			query = typo(random, query);
		}
		else if (slip < 0.18 && query.length() > 5) {
			// Typed part of the last word before the results came.
			query = query.substring(0, query.length() - 1 - random.nextInt(Math.min(3, query.length() - 4)));
		}
		return query.strip();
	}

	private static String typo(SplittableRandom random, String query) {
		if (query.length() < 4) {
			return query;
		}
		char[] chars = query.toCharArray();
		int at = 1 + random.nextInt(chars.length - 2);
		switch (random.nextInt(3)) {
			case 0 -> {
				char swap = chars[at];
				chars[at] = chars[at + 1];
				chars[at + 1] = swap;
				return new String(chars);
			}
			case 1 -> {
				return query.substring(0, at) + query.substring(at + 1);
			}
			default -> {
				return query.substring(0, at) + chars[at] + query.substring(at);
			}
		}
	}

	/**
	 * The products matching {@code query}, ascending by index: every word but the last as
	 * a whole word, the last as a prefix. The array may be shared: not to be changed.
	 */
	int[] results(String query) {
		int[] known = this.answered.get(query);
		if (known != null) {
			return known;
		}
		int[] matches = match(query);
		if (this.answered.size() < MAX_ANSWERED) {
			this.answered.putIfAbsent(query, matches);
		}
		return matches;
	}

	private int[] match(String query) {
		String[] words = split(query.toLowerCase(java.util.Locale.ROOT));
		if (words.length == 0) {
			return new int[0];
		}
		int[] matches = null;
		for (int i = 0; i < words.length; i++) {
			int[] postings = (i < words.length - 1) ? this.index.getOrDefault(words[i], new int[0])
					: prefixed(words[i]);
			matches = (matches == null) ? postings : intersect(matches, postings);
			if (matches.length == 0) {
				break;
			}
		}
		return matches;
	}

	private int[] prefixed(String prefix) {
		Map<String, int[]> words = this.index.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
		if (words.size() == 1) {
			return words.values().iterator().next();
		}
		return words.values().stream().flatMapToInt(Arrays::stream).distinct().sorted().toArray();
	}

	private static int[] intersect(int[] a, int[] b) {
		int[] out = new int[Math.min(a.length, b.length)];
		int n = 0;
		for (int i = 0, j = 0; i < a.length && j < b.length;) {
			if (a[i] == b[j]) {
				out[n++] = a[i];
				i++;
				j++;
			}
			else if (a[i] < b[j]) {
				i++;
			}
			else {
				j++;
			}
		}
		return Arrays.copyOf(out, n);
	}

}
