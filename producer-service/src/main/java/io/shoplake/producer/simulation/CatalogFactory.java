package io.shoplake.producer.simulation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import net.datafaker.Faker;

/**
 * Builds the {@link Catalog} from the seed with Datafaker: names, categories and brands
 * come from Datafaker pools once, at start-up; prices are log-normal. Nothing here runs
 * per event.
 */
final class CatalogFactory {

	private static final String[] PLATFORMS = { "google", "meta", "tiktok", "email" };

	private static final double[] PLATFORM_CPC_EUR = { 0.45, 0.35, 0.25, 0.02 };

	private static final String[] PLATFORM_MEDIUM = { "cpc", "paid_social", "paid_social", "email" };

	private CatalogFactory() {
	}

	static Catalog build(SimulationProperties properties) {
		SimulationProperties.Catalog config = properties.catalog();
		long seed = properties.seed();
		Faker faker = new Faker(Locale.ENGLISH, new Random(Seeds.mix(seed, 1)));
		SplittableRandom random = Seeds.stream(seed, 2, 0);
		List<Catalog.Category> categories = categories(faker, random, config.categories());
		List<String> brands = distinct(config.brands(), () -> faker.commerce().brand());
		List<Catalog.Product> products = new ArrayList<>(config.products());
		Set<String> names = new LinkedHashSet<>();
		for (int i = 0; i < config.products(); i++) {
			int category = (i < categories.size()) ? i : random.nextInt(categories.size());
			String name = faker.commerce().productName();
			if (!names.add(name)) {
				name = name + " " + (char) ('A' + random.nextInt(26)) + (i % 97);
				names.add(name);
			}
			double price = Math.exp(config.priceLogMean() + config.priceLogSigma() * Seeds.gaussian(random));
			long cents = Math.max(99, Math.round(Math.min(price, 5_000) * 100) / 100 * 100 - 1);
			products.add(new Catalog.Product(i, String.format("prd_%05d", i), name, category,
					brands.get(random.nextInt(brands.size())), cents));
		}
		return new Catalog(products, categories, campaigns(faker, random, config.campaigns()), config.zipfExponent());
	}

	private static List<Catalog.Category> categories(Faker faker, SplittableRandom random, int count) {
		List<String> names = distinct(count, () -> faker.commerce().department());
		List<Catalog.Category> categories = new ArrayList<>(count);
		Catalog.Season[] seasons = Catalog.Season.values();
		for (int i = 0; i < names.size(); i++) {
			double popularity = 1.0 / Math.pow(i + 1, 0.6);
			categories.add(new Catalog.Category(i, names.get(i), popularity, seasons[random.nextInt(seasons.length)]));
		}
		return categories;
	}

	private static List<Catalog.Campaign> campaigns(Faker faker, SplittableRandom random, int count) {
		List<Catalog.Campaign> campaigns = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			int platform = (i < PLATFORMS.length) ? i : random.nextInt(PLATFORMS.length);
			String slug = faker.commerce().department().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-"
					+ faker.color().name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
			long cpc = Math.max(1_000,
					Math.round(PLATFORM_CPC_EUR[platform] * (0.6 + 0.8 * random.nextDouble()) * 1e6));
			campaigns.add(new Catalog.Campaign(i, Catalog.campaignId(i), PLATFORMS[platform], cpc,
					PLATFORMS[platform].equals("email") ? "newsletter" : PLATFORMS[platform], PLATFORM_MEDIUM[platform],
					slug));
		}
		return campaigns;
	}

	/**
	 * {@code count} distinct values from {@code source}, numbered when Datafaker's pool
	 * runs dry.
	 */
	static List<String> distinct(int count, java.util.function.Supplier<String> source) {
		Set<String> values = new LinkedHashSet<>();
		for (int tries = 0; values.size() < count && tries < count * 20; tries++) {
			values.add(source.get());
		}
		List<String> list = new ArrayList<>(values);
		for (int i = 0; list.size() < count; i++) {
			list.add(list.get(i % Math.max(1, values.size())) + " " + (i / Math.max(1, values.size()) + 2));
		}
		return list;
	}

}
