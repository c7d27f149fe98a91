package io.shoplake.producer.simulation;

import java.time.Month;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shop: products grouped by category with Zipf popularity inside each category,
 * categories whose demand follows the season, and ad campaigns. Immutable; built once per
 * seed by {@link CatalogFactory}.
 */
final class Catalog {

	private final List<Product> products;

	private final List<Category> categories;

	private final List<Campaign> campaigns;

	private final WeightedChoice[] categoryByMonth;

	private final WeightedChoice[] productInCategory;

	private final int[][] productsOfCategory;

	private final WeightedChoice paidCampaigns;

	private final WeightedChoice emailCampaigns;

	private final int[] paidIndexes;

	private final int[] emailIndexes;

	Catalog(List<Product> products, List<Category> categories, List<Campaign> campaigns, double zipfExponent) {
		this.products = List.copyOf(products);
		this.categories = List.copyOf(categories);
		this.campaigns = List.copyOf(campaigns);
		this.productsOfCategory = new int[categories.size()][];
		this.productInCategory = new WeightedChoice[categories.size()];
		for (int c = 0; c < categories.size(); c++) {
			final int category = c;
			this.productsOfCategory[c] = products.stream()
				.filter((product) -> product.category() == category)
				.mapToInt(Product::index)
				.toArray();
			this.productInCategory[c] = WeightedChoice.zipf(Math.max(1, this.productsOfCategory[c].length),
					zipfExponent);
		}
		this.categoryByMonth = new WeightedChoice[12];
		for (Month month : Month.values()) {
			double[] weights = new double[categories.size()];
			for (int c = 0; c < weights.length; c++) {
				weights[c] = (this.productsOfCategory[c].length == 0) ? 0
						: categories.get(c).popularity() * categories.get(c).season().factor(month);
			}
			this.categoryByMonth[month.ordinal()] = new WeightedChoice(weights);
		}
		this.paidIndexes = indexes(campaigns, false);
		this.emailIndexes = indexes(campaigns, true);
		this.paidCampaigns = WeightedChoice.zipf(this.paidIndexes.length, 0.8);
		this.emailCampaigns = WeightedChoice.zipf(Math.max(1, this.emailIndexes.length), 0.8);
	}

	private static int[] indexes(List<Campaign> campaigns, boolean email) {
		return campaigns.stream()
			.filter((campaign) -> "email".equals(campaign.platform()) == email)
			.mapToInt(Campaign::index)
			.toArray();
	}

	/**
	 * A product drawn by seasonal category demand, then Zipf popularity in the category.
	 */
	Product drawProduct(SplittableRandom random, Month month) {
		int category = this.categoryByMonth[month.ordinal()].next(random);
		int[] members = this.productsOfCategory[category];
		return this.products.get(members[this.productInCategory[category].next(random)]);
	}

	Category drawCategory(SplittableRandom random, Month month) {
		return this.categories.get(this.categoryByMonth[month.ordinal()].next(random));
	}

	Campaign drawCampaign(SplittableRandom random, boolean email) {
		if (email && this.emailIndexes.length > 0) {
			return this.campaigns.get(this.emailIndexes[this.emailCampaigns.next(random)]);
		}
		return this.campaigns.get(this.paidIndexes[this.paidCampaigns.next(random)]);
	}

	/** The id of the campaign at {@code index}. */
	static String campaignId(int index) {
		return String.format("cmp_%03d", index);
	}

	List<Product> products() {
		return this.products;
	}

	List<Category> categories() {
		return this.categories;
	}

	/**
	 * A product for sale.
	 *
	 * @param index position in the catalog
	 * @param id product id
	 * @param name display name
	 * @param category category index
	 * @param brand brand name
	 * @param basePriceCents list price when the simulation starts
	 */
	record Product(int index, String id, String name, int category, String brand, long basePriceCents) {
	}

	/**
	 * A category with its share of demand and its season.
	 *
	 * @param index position
	 * @param name display name
	 * @param popularity relative demand
	 * @param season how demand moves over the year
	 */
	record Category(int index, String name, double popularity, Season season) {
	}

	/**
	 * An ad campaign; its clicks cost about {@code cpcMicros} each.
	 *
	 * @param index position
	 * @param id campaign id
	 * @param platform google, meta, tiktok or email
	 * @param cpcMicros mean cost per click in millionths of the currency unit
	 * @param utmSource utm_source of the ad's link
	 * @param utmMedium utm_medium of the ad's link
	 * @param utmCampaign utm_campaign of the ad's link
	 */
	record Campaign(int index, String id, String platform, long cpcMicros, String utmSource, String utmMedium,
			String utmCampaign) {
	}

	/** How a category's demand moves over the months. */
	enum Season {

		FLAT(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.1, 1.2),
		WINTER(1.1, 0.8, 0.7, 0.6, 0.5, 0.5, 0.5, 0.6, 0.8, 1.1, 1.6, 2.0),
		SUMMER(0.5, 0.6, 0.8, 1.1, 1.4, 1.7, 1.7, 1.4, 1.0, 0.7, 0.6, 0.7),
		GIFTS(0.6, 0.9, 0.7, 0.7, 0.8, 0.7, 0.7, 0.7, 0.8, 0.9, 1.8, 3.0),
		BACK_TO_SCHOOL(0.8, 0.8, 0.8, 0.8, 0.8, 0.9, 1.3, 1.9, 1.5, 0.9, 0.9, 1.0);

		private final double[] monthly;

		Season(double... monthly) {
			this.monthly = monthly;
		}

		double factor(Month month) {
			return this.monthly[month.ordinal()];
		}

	}

}
