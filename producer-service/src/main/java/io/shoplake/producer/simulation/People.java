package io.shoplake.producer.simulation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import io.shoplake.producer.geo.Geography;
import net.datafaker.Faker;

/**
 * The people behind the visitors, by country: names from the country's Datafaker locale,
 * common ones far more often than rare ones (Zipf over each pool, ranked by the seed),
 * e-mail addresses in the patterns people choose, on the reserved {@code example.*}
 * domains only, birth years from the age pyramid of online shoppers, postcodes of the
 * country's format in the visitor's city. Datafaker is asked once per locale and JVM (its
 * pools are the same for every seed); everything after that is array look-ups.
 */
final class People {

	private static final int POOL_DRAWS = 4_000;

	private static final Map<String, String[][]> POOLS = new ConcurrentHashMap<>();

	/** Age bands of online shoppers (from, to inclusive) and their shares. */
	private static final int[][] AGE_BANDS = { { 18, 24 }, { 25, 34 }, { 35, 44 }, { 45, 54 }, { 55, 64 }, { 65, 74 },
			{ 75, 85 } };

	private static final WeightedChoice AGES = new WeightedChoice(
			new double[] { 0.13, 0.23, 0.22, 0.18, 0.14, 0.08, 0.02 });

	private static final String[] DOMAINS = { "example.com", "example.net", "example.org" };

	private static final WeightedChoice DOMAIN = new WeightedChoice(new double[] { 0.45, 0.3, 0.25 });

	private static final WeightedChoice PATTERN = new WeightedChoice(
			new double[] { 0.22, 0.12, 0.08, 0.05, 0.12, 0.10, 0.08, 0.05, 0.10, 0.08 });

	private static final String UK_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

	private static final String LETTERS = "ABCEGHJKLMNPRSTVWXYZ";

	private final String[][] firstNames;

	private final String[][] lastNames;

	/** Each first and last name as an address's local part, at the name's index. */
	private final String[][] firstLocals;

	private final String[][] lastLocals;

	private final WeightedChoice[] firstRank;

	private final WeightedChoice[] lastRank;

	private final List<Geography.Country> countries;

	People(long seed, List<Geography.Country> countries) {
		this.countries = countries;
		int n = countries.size();
		this.firstNames = new String[n][];
		this.lastNames = new String[n][];
		this.firstLocals = new String[n][];
		this.lastLocals = new String[n][];
		this.firstRank = new WeightedChoice[n];
		this.lastRank = new WeightedChoice[n];
		for (int c = 0; c < n; c++) {
			String[][] pools = POOLS.computeIfAbsent(countries.get(c).locale(), People::pools);
			int[] firstOrder = shuffled(pools[0].length, Seeds.stream(seed, 30, c));
			int[] lastOrder = shuffled(pools[1].length, Seeds.stream(seed, 31, c));
			this.firstNames[c] = inOrder(pools[0], firstOrder);
			this.lastNames[c] = inOrder(pools[1], lastOrder);
			this.firstLocals[c] = inOrder(pools[2], firstOrder);
			this.lastLocals[c] = inOrder(pools[3], lastOrder);
			this.firstRank[c] = WeightedChoice.zipf(this.firstNames[c].length, 0.6);
			this.lastRank[c] = WeightedChoice.zipf(this.lastNames[c].length, 0.55);
		}
	}

	private static String[][] pools(String locale) {
		Faker faker = new Faker(Locale.forLanguageTag(locale), new Random(20_261_201L));
		Set<String> first = new LinkedHashSet<>();
		Set<String> last = new LinkedHashSet<>();
		for (int i = 0; i < POOL_DRAWS; i++) {
			first.add(faker.name().firstName());
			last.add(faker.name().lastName());
		}
		String[] firsts = first.toArray(String[]::new);
		String[] lasts = last.toArray(String[]::new);
		// Each name's local part once per locale and JVM: normalizing a name (Unicode
		// decomposition and two regular expressions) for every registration was 2 % of
		// the producer's samples, for under 1 % of its events.
		return new String[][] { firsts, lasts, locals(firsts), locals(lasts) };
	}

	private static String[] locals(String[] names) {
		String[] locals = new String[names.length];
		for (int i = 0; i < names.length; i++) {
			locals[i] = local(names[i]);
		}
		return locals;
	}

	/** The indices 0 to {@code size - 1} in an order drawn from {@code random}. */
	private static int[] shuffled(int size, SplittableRandom random) {
		int[] order = new int[size];
		for (int i = 0; i < size; i++) {
			order[i] = i;
		}
		for (int i = size - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		return order;
	}

	private static String[] inOrder(String[] pool, int[] order) {
		String[] ordered = new String[order.length];
		for (int i = 0; i < order.length; i++) {
			ordered[i] = pool[order[i]];
		}
		return ordered;
	}

	/**
	 * A person of the country at {@code country} (its index), drawn from {@code random}.
	 */
	Person draw(SplittableRandom random, int country, Geography.Place place, int currentYear) {
		int firstIndex = this.firstRank[country].next(random);
		int lastIndex = this.lastRank[country].next(random);
		String first = this.firstNames[country][firstIndex];
		String last = this.lastNames[country][lastIndex];
		int[] band = AGE_BANDS[AGES.next(random)];
		int age = band[0] + random.nextInt(band[1] - band[0] + 1);
		int birthYear = currentYear - age - (random.nextBoolean() ? 1 : 0);
		return new Person(first + " " + last,
				email(random, this.firstLocals[country][firstIndex], this.lastLocals[country][lastIndex], birthYear),
				birthYear, postcode(random, this.countries.get(country).postcode(), place.postcodePrefix()));
	}

	/** An address from the local parts of a first and a last name. */
	private static String email(SplittableRandom random, String f, String l, int birthYear) {
		String local = switch (PATTERN.next(random)) {
			case 0 -> f + "." + l;
			case 1 -> f + l;
			case 2 -> f.charAt(0) + "." + l;
			case 3 -> f + "_" + l;
			case 4 -> f + "." + l + twoDigits(birthYear % 100);
			case 5 -> f + l + (1 + random.nextInt(999));
			case 6 -> f + birthYear;
			case 7 -> l + "." + f;
			case 8 -> f + "." + l.charAt(0) + (10 + random.nextInt(90));
			default -> f.charAt(0) + l + (1 + random.nextInt(99));
		};
		return local + "@" + DOMAINS[DOMAIN.next(random)];
	}

	/** 0 to 99 as two digits, as {@code %02d} writes them. */
	private static String twoDigits(int value) {
		return (value < 10) ? "0" + value : Integer.toString(value);
	}

	/** A name as the local part of an address: lower-case ASCII letters only. */
	private static String local(String name) {
		String ascii = Catalog.ascii(name).replaceAll("[^a-z]", "");
		return ascii.isEmpty() ? "user" : ascii;
	}

	/**
	 * A postcode of {@code format} ({@code #} digit, {@code ?} letter, {@code uk},
	 * {@code ca}) beginning with the city's prefix.
	 */
	static String postcode(SplittableRandom random, String format, String prefix) {
		if (format.equals("uk")) {
			// Outward code: the area, a district; inward: a sector digit, two letters.
			return prefix + (1 + random.nextInt(prefix.length() == 1 ? 40 : 20)) + " " + random.nextInt(10)
					+ UK_LETTERS.charAt(random.nextInt(UK_LETTERS.length()))
					+ UK_LETTERS.charAt(random.nextInt(UK_LETTERS.length()));
		}
		if (format.equals("ca")) {
			return prefix + LETTERS.charAt(random.nextInt(LETTERS.length())) + " " + random.nextInt(10)
					+ LETTERS.charAt(random.nextInt(LETTERS.length())) + random.nextInt(10);
		}
		StringBuilder code = new StringBuilder(format.length());
		int fromPrefix = 0;
		for (int i = 0; i < format.length(); i++) {
			char slot = format.charAt(i);
			if (slot != '#' && slot != '?') {
				code.append(slot);
			}
			else if (fromPrefix < prefix.length()) {
				code.append(prefix.charAt(fromPrefix++));
			}
			else if (slot == '#') {
				code.append((char) ('0' + random.nextInt(10)));
			}
			else {
				code.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
			}
		}
		return code.toString();
	}

	/**
	 * Who a customer is.
	 *
	 * @param name full name
	 * @param email e-mail address on a reserved example domain
	 * @param birthYear year of birth
	 * @param postalCode postcode of their address
	 */
	record Person(String name, String email, int birthYear, String postalCode) {
	}

}
