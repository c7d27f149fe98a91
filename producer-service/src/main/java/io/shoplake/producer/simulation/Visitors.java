package io.shoplake.producer.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

import io.shoplake.events.Device;
import io.shoplake.events.Geo;
import net.datafaker.Faker;

/**
 * The visitor population: each visitor has a stable geo, one or two devices (each with
 * its own anonymous cookie id), a name for when they register and a visiting weight;
 * power buyers weigh more. Built once from the seed; Datafaker fills the name and place
 * pools at start-up only.
 */
final class Visitors {

	private static final Country[] COUNTRIES = { new Country("DE", "de", 0.22, 1_900),
			new Country("US", "en-US", 0.2, 800), new Country("GB", "en-GB", 0.14, 2_000),
			new Country("FR", "fr", 0.12, 2_000), new Country("NL", "nl", 0.08, 2_100),
			new Country("ES", "es", 0.07, 2_100), new Country("IT", "it", 0.06, 2_200),
			new Country("PL", "pl", 0.05, 2_300), new Country("SE", "sv", 0.03, 2_500),
			new Country("CA", "en-CA", 0.03, 1_300) };

	private static final Device[] DEVICES = { new Device("desktop", "Windows", "Chrome"),
			new Device("desktop", "macOS", "Safari"), new Device("desktop", "Windows", "Edge"),
			new Device("desktop", "Linux", "Firefox"), new Device("mobile", "iOS", "Safari"),
			new Device("mobile", "Android", "Chrome"), new Device("mobile", "iOS", "app"),
			new Device("mobile", "Android", "app"), new Device("tablet", "iPadOS", "Safari"),
			new Device("tablet", "Android", "Chrome") };

	private static final double[] DEVICE_WEIGHTS = { 0.22, 0.1, 0.05, 0.02, 0.22, 0.2, 0.06, 0.04, 0.06, 0.03 };

	private static final int PLACES_PER_COUNTRY = 40;

	private final long seed;

	private final SimulationProperties.Shoppers shoppers;

	private final List<List<Geo>> places;

	private final List<String> names;

	private final WeightedChoice countries = new WeightedChoice(
			java.util.Arrays.stream(COUNTRIES).mapToDouble(Country::share).toArray());

	private final WeightedChoice devices = new WeightedChoice(DEVICE_WEIGHTS);

	private final WeightedChoice byWeight;

	/**
	 * Visitors are not kept: a visitor's profile is a pure function of (seed, index),
	 * made again when needed, so a pool of millions costs only its weight table.
	 */
	private Visitors(long seed, SimulationProperties.Shoppers shoppers, List<List<Geo>> places, List<String> names) {
		this.seed = seed;
		this.shoppers = shoppers;
		this.places = places;
		this.names = names;
		double[] weights = new double[shoppers.visitors()];
		for (int i = 0; i < weights.length; i++) {
			weights[i] = get(i).weight();
		}
		this.byWeight = new WeightedChoice(weights);
	}

	static Visitors build(SimulationProperties properties) {
		long seed = properties.seed();
		List<List<Geo>> places = new ArrayList<>();
		for (int c = 0; c < COUNTRIES.length; c++) {
			Faker faker = new Faker(Locale.forLanguageTag(COUNTRIES[c].locale()), new Random(Seeds.mix(seed, 10 + c)));
			List<Geo> geos = new ArrayList<>(PLACES_PER_COUNTRY);
			for (int i = 0; i < PLACES_PER_COUNTRY; i++) {
				geos.add(new Geo(COUNTRIES[c].code(), faker.address().state(), faker.address().city()));
			}
			places.add(geos);
		}
		Faker faker = new Faker(Locale.ENGLISH, new Random(Seeds.mix(seed, 4)));
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			names.add(faker.name().firstName() + " " + faker.name().lastName());
		}
		return new Visitors(seed, properties.shoppers(), places, names);
	}

	Visitor draw(SplittableRandom random) {
		return get(this.byWeight.next(random));
	}

	/** The visitor at {@code index}, the same every time. */
	Visitor get(int index) {
		SplittableRandom random = Seeds.stream(this.seed, 3, index);
		int c = this.countries.next(random);
		Geo geo = this.places.get(c).get(random.nextInt(PLACES_PER_COUNTRY));
		int deviceCount = (random.nextDouble() < 0.35) ? 2 : 1;
		Device[] owned = new Device[deviceCount];
		String[] anonymousIds = new String[deviceCount];
		for (int d = 0; d < deviceCount; d++) {
			owned[d] = DEVICES[this.devices.next(random)];
			anonymousIds[d] = "anon_" + Long.toHexString(random.nextLong() | Long.MIN_VALUE >>> 4);
		}
		boolean power = random.nextDouble() < this.shoppers.powerBuyerShare();
		// Log-normal visiting weight: most visitors come rarely, a few often.
		double weight = Math.exp(0.8 * Seeds.gaussian(random)) * (power ? this.shoppers.powerBuyerWeight() : 1.0);
		String name = this.names.get(random.nextInt(this.names.size()));
		return new Visitor(index, String.format("cus_%07d", index), name, geo, COUNTRIES[c].taxBasisPoints(), owned,
				anonymousIds, power, weight, 1940 + random.nextInt(66));
	}

	/**
	 * One person who visits the shop.
	 *
	 * @param index position in the pool
	 * @param customerId the id they get when they register
	 * @param name full name
	 * @param geo where they are (stable)
	 * @param taxBasisPoints sales tax of their country, in 1/100 of a percent
	 * @param devices their devices
	 * @param anonymousIds cookie id per device
	 * @param powerBuyer visits and buys far more than most
	 * @param weight relative visiting frequency
	 * @param birthYear year of birth
	 */
	record Visitor(int index, String customerId, String name, Geo geo, int taxBasisPoints, Device[] devices,
			String[] anonymousIds, boolean powerBuyer, double weight, int birthYear) {

		String email() {
			return this.name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", ".") + "." + this.index + "@example.com";
		}

	}

	private record Country(String code, String locale, double share, int taxBasisPoints) {
	}

}
