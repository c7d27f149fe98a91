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

	private final List<Visitor> visitors;

	private final WeightedChoice byWeight;

	private Visitors(List<Visitor> visitors) {
		this.visitors = visitors;
		this.byWeight = new WeightedChoice(visitors.stream().mapToDouble(Visitor::weight).toArray());
	}

	static Visitors build(SimulationProperties properties) {
		long seed = properties.seed();
		SplittableRandom random = Seeds.stream(seed, 3, 0);
		List<List<Geo>> places = new ArrayList<>();
		for (int c = 0; c < COUNTRIES.length; c++) {
			Faker faker = new Faker(Locale.forLanguageTag(COUNTRIES[c].locale()), new Random(Seeds.mix(seed, 10 + c)));
			List<Geo> geos = new ArrayList<>(PLACES_PER_COUNTRY);
			for (int i = 0; i < PLACES_PER_COUNTRY; i++) {
				geos.add(new Geo(COUNTRIES[c].code(), faker.address().state(), faker.address().city()));
			}
			places.add(geos);
		}
		Faker names = new Faker(Locale.ENGLISH, new Random(Seeds.mix(seed, 4)));
		List<String> namePool = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			namePool.add(names.name().firstName() + " " + names.name().lastName());
		}
		WeightedChoice country = new WeightedChoice(
				java.util.Arrays.stream(COUNTRIES).mapToDouble(Country::share).toArray());
		WeightedChoice device = new WeightedChoice(DEVICE_WEIGHTS);
		SimulationProperties.Shoppers shoppers = properties.shoppers();
		List<Visitor> visitors = new ArrayList<>(shoppers.visitors());
		for (int i = 0; i < shoppers.visitors(); i++) {
			int c = country.next(random);
			Geo geo = places.get(c).get(random.nextInt(PLACES_PER_COUNTRY));
			int deviceCount = (random.nextDouble() < 0.35) ? 2 : 1;
			Device[] devices = new Device[deviceCount];
			String[] anonymousIds = new String[deviceCount];
			for (int d = 0; d < deviceCount; d++) {
				devices[d] = DEVICES[device.next(random)];
				anonymousIds[d] = "anon_" + Long.toHexString(random.nextLong() | Long.MIN_VALUE >>> 4);
			}
			boolean power = random.nextDouble() < shoppers.powerBuyerShare();
			// Log-normal visiting weight: most visitors come rarely, a few often.
			double weight = Math.exp(0.8 * Seeds.gaussian(random)) * (power ? shoppers.powerBuyerWeight() : 1.0);
			String name = namePool.get(random.nextInt(namePool.size()));
			visitors.add(new Visitor(i, String.format("cus_%06d", i), name, geo, COUNTRIES[c].taxBasisPoints(), devices,
					anonymousIds, power, weight, 1940 + random.nextInt(66)));
		}
		return new Visitors(visitors);
	}

	Visitor draw(SplittableRandom random) {
		return this.visitors.get(this.byWeight.next(random));
	}

	Visitor get(int index) {
		return this.visitors.get(index);
	}

	int size() {
		return this.visitors.size();
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
