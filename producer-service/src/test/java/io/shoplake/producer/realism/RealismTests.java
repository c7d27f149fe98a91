package io.shoplake.producer.realism;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.shoplake.events.AdClicked;
import io.shoplake.events.Event;
import io.shoplake.events.OrderCompleted;
import io.shoplake.events.SessionStarted;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance of the realism work: a seeded 28-day simulation at the default
 * configuration (2026-11-10 to 2026-12-07, which holds Black Friday and Cyber Monday)
 * measured by {@link RealismReport} has every metric of {@code realism/bands.yml} in its
 * band and passes every tell, as {@code docs/realism.md} shows.
 */
class RealismTests {

	static final LocalDate START = LocalDate.of(2026, 11, 10);

	static final int DAYS = 28;

	private static Scorecard card;

	private static final Map<String, Integer> landingsWithUtm = new HashMap<>();

	private static final Set<String> campaignNames = new HashSet<>();

	private static long paidSessions;

	private static long orders;

	private static long singleUnitEuropeanOrders;

	private static long singleUnitEuropeanOrdersEndingIn99;

	@BeforeAll
	static void simulate() {
		ExecutorService shards = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
		try {
			ShopperSimulator simulator = new ShopperSimulator(SimulationProperties.defaults(42L),
					START.atStartOfDay(ZoneOffset.UTC).toInstant());
			RealismReport report = new RealismReport();
			for (int hour = 0; hour < DAYS * 24; hour++) {
				for (Event event : simulator.nextHour(shards)) {
					report.accept(event);
					observe(event);
				}
			}
			card = report.card(START, START.plusDays(DAYS - 1));
		}
		finally {
			shards.shutdown();
		}
	}

	private static void observe(Event event) {
		if (event instanceof SessionStarted started && started.clickId() != null) {
			paidSessions++;
			landingsWithUtm.merge(
					started.landingPage().contains("utm_campaign=" + started.utmCampaign()) ? "yes" : "no", 1,
					Integer::sum);
		}
		else if (event instanceof AdClicked click) {
			campaignNames.add(click.utmCampaign());
		}
		else if (event instanceof OrderCompleted order) {
			orders++;
			if (order.pricesIncludeTax() && order.lines().size() == 1 && order.lines().get(0).quantity() == 1
					&& order.discountCents() == 0 && order.lines().get(0).discountCents() == 0) {
				singleUnitEuropeanOrders++;
				// Shipping is whole euros: the total keeps the price's .99.
				if (order.totalCents() % 100 == 99) {
					singleUnitEuropeanOrdersEndingIn99++;
				}
			}
		}
	}

	@AfterAll
	static void print() {
		if (card != null) {
			System.out.println(card.markdown());
		}
	}

	@Test
	void everyMetricIsInItsPublishedBand() {
		assertThat(card.metrics()).hasSize(Bands.load().bands().size());
		assertThat(card.metrics()).allSatisfy((metric) -> assertThat(metric.verdict())
			.as("%s: %s (band %s)", metric.title(), metric.value(), metric.band())
			.isEqualTo("in band"));
	}

	@Test
	void noGeneratorTellShows() {
		assertThat(card.tells()).allSatisfy((tell) -> assertThat(tell.verdict())
			.as("%s: %s (a real shop: %s)", tell.title(), tell.value(), tell.expected())
			.isEqualTo("pass"));
	}

	@Test
	void theTellsOfTheIssueAreAtTheirFigures() {
		assertThat(card.tell("full_name_share").measured()).isLessThanOrEqualTo(0.001);
		assertThat(card.tell("numbered_brands").measured()).isZero();
		assertThat(card.tell("joined_categories").measured()).isZero();
		assertThat(card.tell("embedded_ids").measured()).isZero();
		assertThat(card.tell("same_millisecond_starts").measured()).isLessThan(0.01);
		assertThat(card.tell("repricing_spread").measured()).isGreaterThanOrEqualTo(10);
	}

	@Test
	void campaignsReadLikeAMarketersAndTheirLandingPagesCarryTheirUtmParameters() {
		assertThat(paidSessions).isPositive();
		assertThat(landingsWithUtm).containsOnlyKeys("yes");
		assertThat(campaignNames).contains("bf-2026-retargeting-meta", "always-on-brand-search-google")
			.allMatch((name) -> name.matches("[a-z0-9]+(-[a-z0-9]+)+"));
	}

	@Test
	void europeanPricesIncludeVatSoASingleItemKeepsItsPriceEnding() {
		assertThat(singleUnitEuropeanOrders).isGreaterThan(orders / 20);
		assertThat(singleUnitEuropeanOrdersEndingIn99).isEqualTo(singleUnitEuropeanOrders);
	}

	@Test
	void theRunCoversTheWindowItClaims() {
		assertThat(card.from()).isEqualTo(START);
		assertThat(card.to()).isEqualTo(START.plusDays(DAYS - 1));
		assertThat(card.sessions()).isGreaterThan(1_000_000);
	}

}
