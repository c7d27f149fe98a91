package io.shoplake.transform.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.shoplake.events.EventCodec;
import io.shoplake.events.lake.LakeLayout;
import io.shoplake.producer.defects.DefectInjector;
import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;
import io.shoplake.producer.traffic.Backfill;
import io.shoplake.transform.testing.IngestPublisher;
import io.shoplake.transform.warehouse.DuckDbWarehouse;
import io.shoplake.transform.testing.LocalTransform;
import io.shoplake.events.ledger.LedgerDay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real model project on DuckDB over a lake and quarantine made the way the platform
 * makes them: a seeded simulated week (poison pills, duplicates and late events on)
 * pushed through ingest's push path, with the producer's ledger as the oracle; the week
 * is two backfills, the second from the day the first ended on. The lake arrives in two
 * parts — publish days up to the 19th, then the rest — so late events land after their
 * day was first built.
 */
class SalesAgainstLedgerTests {

	private static final Instant START = Instant.parse("2026-11-16T00:00:00Z");

	private static final LocalDate CUT = LocalDate.parse("2026-11-19");

	@TempDir
	static Path data;

	private static Map<LocalDate, LedgerDay> ledger;

	private static LocalTransform transform;

	private static DuckDbWarehouse warehouse;

	private static TransformRunner runner;

	private static RunSummary first;

	private static RunSummary second;

	private static long eventsUpToCutAfterFirst;

	/** What the runner's clock says. */
	private static volatile Instant now;

	@BeforeAll
	static void simulateAndRun() throws IOException {
		EventCodec codec = new EventCodec();
		Ledger book = new Ledger(ShopperSimulator::campaignOfClick);
		Path produced = data.resolve("produced");
		try (IngestPublisher ingest = new IngestPublisher(produced.resolve("lake"), produced.resolve("quarantine"))) {
			// Two backfills, the second from the day the first ended on: its sessions are
			// those that start in its hours, so nothing is generated (or counted) twice.
			Backfill.run(SimulationProperties.defaults(7L).withSessionsPerHour(60),
					new DefectInjector(codec, 7L, 0.01, 0.01, 0.03), ingest, book, START, 3, 2000);
			Backfill.run(SimulationProperties.defaults(7L).withSessionsPerHour(60),
					new DefectInjector(codec, 7L, 0.01, 0.01, 0.03), ingest, book, START.plusSeconds(3 * 86_400L), 4,
					2000);
		}
		ledger = book.between(LocalDate.MIN, LocalDate.MAX);
		Path lake = data.resolve("lake");
		Path quarantine = data.resolve("quarantine");
		copyPartitions(produced.resolve("lake"), lake, (day) -> !day.isAfter(CUT));
		copyPartitions(produced.resolve("quarantine"), quarantine, (day) -> !day.isAfter(CUT));
		// Each run happens just after the lake it sees was written, so the lake is fresh.
		transform = LocalTransform.open(data.resolve("warehouse.duckdb"), lake, quarantine, new Clock() {

			@Override
			public java.time.ZoneId getZone() {
				return java.time.ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return now;
			}

		});
		warehouse = transform.warehouse();
		runner = transform.runner();
		now = CUT.plusDays(1).atTime(6, 0).toInstant(java.time.ZoneOffset.UTC);
		first = runner.run(RunRequest.all(), "test");
		eventsUpToCutAfterFirst = count("SELECT count(*) AS n FROM stg_events WHERE event_date <= DATE '" + CUT + "'");
		copyPartitions(produced.resolve("lake"), lake, (day) -> day.isAfter(CUT));
		copyPartitions(produced.resolve("quarantine"), quarantine, (day) -> day.isAfter(CUT));
		now = START.plusSeconds(7 * 86_400L + 6 * 3_600L);
		second = runner.run(RunRequest.all(), "test");
	}

	@AfterAll
	static void close() {
		transform.close();
	}

	@Test
	void everyModelBuildsAndEveryTestPasses() {
		for (RunSummary run : List.of(first, second)) {
			assertThat(run.status()).as(run.models().toString()).isEqualTo("success");
			assertThat(run.models()).allSatisfy((model) -> assertThat(model.tests())
				.allSatisfy((test) -> assertThat(test.status()).as(model.model() + " " + test).isEqualTo("pass")));
		}
		assertThat(second.load().objects()).isPositive();
		assertThat(second.model("fct_daily_sales").dates()).as("late events reopen earlier days")
			.contains(CUT.toString());
	}

	@Test
	void dailySalesEqualTheLedgerToTheCent() {
		Map<LocalDate, Map<String, Object>> sales = dailySales();
		assertThat(sales.keySet()).containsExactlyElementsOf(ledger.entrySet()
			.stream()
			.filter((day) -> day.getValue().orders() > 0 || day.getValue().refunds() > 0)
			.map(Map.Entry::getKey)
			.toList());
		long orders = 0;
		for (Map.Entry<LocalDate, LedgerDay> day : ledger.entrySet()) {
			LedgerDay expected = day.getValue();
			Map<String, Object> actual = sales.get(day.getKey());
			if (actual == null) {
				continue;
			}
			String on = day.getKey().toString();
			assertThat(actual.get("orders")).as(on + " orders").isEqualTo(expected.orders());
			assertThat(actual.get("units")).as(on + " units").isEqualTo(expected.units());
			assertThat(actual.get("gross_cents")).as(on + " gross").isEqualTo(expected.grossCents());
			assertThat(actual.get("discount_cents")).as(on + " discounts").isEqualTo(expected.discountCents());
			assertThat(actual.get("refunds")).as(on + " refunds").isEqualTo(expected.refunds());
			assertThat(actual.get("refund_cents")).as(on + " refund cents").isEqualTo(expected.refundCents());
			assertThat(actual.get("shipping_cents")).as(on + " shipping").isEqualTo(expected.shippingCents());
			assertThat(actual.get("tax_cents")).as(on + " tax").isEqualTo(expected.taxCents());
			assertThat(actual.get("net_cents")).as(on + " net").isEqualTo(expected.netCents());
			assertThat(actual.get("total_cents")).as(on + " total").isEqualTo(expected.totalCents());
			orders += expected.orders();
		}
		assertThat(orders).as("a week of orders").isGreaterThan(100);
		assertThat(ledger.values().stream().mapToLong(LedgerDay::duplicates).sum()).isPositive();
		assertThat(ledger.values().stream().mapToLong(LedgerDay::late).sum()).isPositive();
	}

	@Test
	void productAndCampaignFiguresEqualTheLedger() {
		Map<String, List<Long>> products = new TreeMap<>();
		for (Map<String, Object> row : warehouse.query("SELECT * FROM fct_product_daily", Integer.MAX_VALUE)) {
			products.put(row.get("order_date") + " " + row.get("product_id"),
					List.of(((Number) row.get("units")).longValue(), ((Number) row.get("revenue_cents")).longValue()));
		}
		Map<String, List<Long>> expectedProducts = new TreeMap<>();
		ledger.forEach((day, totals) -> totals.products()
			.forEach((product, figures) -> expectedProducts.put(day + " " + product,
					List.of(figures.units(), figures.revenueCents()))));
		assertThat(products).isEqualTo(expectedProducts).hasSizeGreaterThan(50);

		Map<String, List<Long>> campaigns = new TreeMap<>();
		for (Map<String, Object> row : warehouse.query("SELECT * FROM fct_ad_attribution", Integer.MAX_VALUE)) {
			campaigns.put(row.get("activity_date") + " " + row.get("campaign_id"),
					List.of(((Number) row.get("clicks")).longValue(), ((Number) row.get("cost_micros")).longValue(),
							((Number) row.get("impressions")).longValue(), ((Number) row.get("orders")).longValue(),
							((Number) row.get("revenue_cents")).longValue()));
		}
		Map<String, List<Long>> expectedCampaigns = new TreeMap<>();
		ledger.forEach((day, totals) -> totals.campaigns()
			.forEach((campaign, figures) -> expectedCampaigns.put(day + " " + campaign, List.of(figures.clicks(),
					figures.costMicros(), figures.impressions(), figures.orders(), figures.revenueCents()))));
		assertThat(campaigns).isEqualTo(expectedCampaigns);
		assertThat(expectedCampaigns.values().stream().mapToLong((figures) -> figures.get(3)).sum())
			.as("attributed orders")
			.isPositive();
		assertThat(expectedCampaigns.values().stream().mapToLong((figures) -> figures.get(2)).sum())
			.as("impressions the platforms reported")
			.isPositive();
	}

	@Test
	void quarantineCountsPerStageEqualThePoisonTheProducerSent() {
		Map<String, Long> quarantined = new TreeMap<>();
		for (Map<String, Object> row : warehouse
			.query("SELECT stage, sum(messages) AS n FROM fct_data_quality_daily GROUP BY stage", Integer.MAX_VALUE)) {
			quarantined.put((String) row.get("stage"), ((Number) row.get("n")).longValue());
		}
		Map<String, Long> sent = new TreeMap<>();
		ledger.values()
			.forEach((day) -> day.poisonByStage().forEach((stage, count) -> sent.merge(stage, count, Long::sum)));
		assertThat(quarantined).isEqualTo(sent);
		assertThat(sent.keySet()).contains("json", "schema", "semantic", "size");
	}

	@Test
	void lateEventsPublishedAfterTheirDaysFirstRunAppearAfterTheNextRun() {
		long now = count("SELECT count(*) AS n FROM stg_events WHERE event_date <= DATE '" + CUT + "'");
		assertThat(now).isGreaterThan(eventsUpToCutAfterFirst);
	}

	@Test
	void runningAgainOrRestatingTheWeekChangesNothing() {
		Map<LocalDate, Map<String, Object>> before = dailySales();
		long lines = count("SELECT count(*) AS n FROM fct_order_lines");
		RunSummary nothingNew = runner.run(RunRequest.all(), "test");
		assertThat(nothingNew.load().objects()).isZero();
		assertThat(nothingNew.model("fct_daily_sales").status()).isEqualTo("up_to_date");
		RunSummary restated = runner
			.run(new RunRequest(null, LocalDate.parse("2026-11-15"), LocalDate.parse("2026-11-24"), false), "test");
		assertThat(restated.status()).isEqualTo("success");
		assertThat(restated.model("fct_daily_sales").dates()).as("every restated date its inputs have")
			.containsExactlyElementsOf(transform.state()
				.intervals()
				.dates("fct_orders")
				.subMap(LocalDate.parse("2026-11-15"), true, LocalDate.parse("2026-11-24"), true)
				.keySet()
				.stream()
				.map(LocalDate::toString)
				.toList())
			.hasSizeGreaterThan(6);
		assertThat(dailySales()).isEqualTo(before);
		assertThat(count("SELECT count(*) AS n FROM fct_order_lines")).isEqualTo(lines);
		assertThat(count(
				"SELECT count(*) AS n FROM (SELECT event_id FROM stg_events GROUP BY event_id HAVING count(*) > 1)"))
			.isZero();
	}

	@Test
	void incrementalTablesEqualAFullRefresh() {
		List<String> incremental = List.of("stg_events", "stg_orders", "stg_order_lines", "stg_sessions",
				"fct_order_lines", "fct_orders", "fct_daily_sales", "fct_product_daily", "fct_sessions");
		for (String table : incremental) {
			transform.execute("CREATE OR REPLACE TABLE snapshot_" + table + " AS SELECT * FROM " + table);
		}
		RunSummary full = runner.run(new RunRequest(null, null, null, true), "test");
		assertThat(full.status()).isEqualTo("success");
		for (String table : incremental) {
			assertThat(count("SELECT count(*) AS n FROM (SELECT * FROM snapshot_" + table + " EXCEPT ALL SELECT * FROM "
					+ table + ")"))
				.as(table + " rows the full refresh does not have")
				.isZero();
			assertThat(count("SELECT count(*) AS n FROM (SELECT * FROM " + table + " EXCEPT ALL SELECT * FROM snapshot_"
					+ table + ")"))
				.as(table + " rows the incremental build did not have")
				.isZero();
			assertThat(count("SELECT count(*) AS n FROM " + table)).as(table).isPositive();
		}
	}

	@Test
	void runsAreRecordedWithEachModelsSql() {
		List<Map<String, Object>> models = warehouse.query(
				"SELECT model, status, sql, sql_hash FROM _shoplake_run_models WHERE run_id = ? ORDER BY model", 100,
				second.runId());
		assertThat(models).extracting((row) -> row.get("model"))
			.contains("stg_events", "fct_orders", "fct_daily_sales", "dim_date");
		assertThat(models).allSatisfy((row) -> assertThat((String) row.get("sql")).contains("SELECT")
			.doesNotContain("{{")
			.doesNotContain("{%"));
		assertThat(models).filteredOn((row) -> "stg_events".equals(row.get("model")))
			.singleElement()
			.satisfies((row) -> assertThat((String) row.get("sql")).contains("FROM \"raw_events\"")
				.contains("WHERE event_date IN (DATE '2026-11-"));
		assertThat(
				warehouse.query("SELECT status, objects_loaded FROM _shoplake_runs WHERE run_id = ?", 1, first.runId()))
			.singleElement()
			.satisfies((row) -> assertThat(row.get("status")).isEqualTo("success"));
	}

	private static Map<LocalDate, Map<String, Object>> dailySales() {
		Map<LocalDate, Map<String, Object>> sales = new TreeMap<>();
		for (Map<String, Object> row : warehouse.query("SELECT * FROM fct_daily_sales ORDER BY sales_date",
				Integer.MAX_VALUE)) {
			Map<String, Object> longs = new TreeMap<>();
			row.forEach((key, value) -> longs.put(key, (value instanceof Number number) ? number.longValue() : value));
			sales.put((LocalDate) row.get("sales_date"), longs);
		}
		return sales;
	}

	private static long count(String sql) {
		return ((Number) warehouse.query(sql, 1).get(0).get("n")).longValue();
	}

	/** Copies the lake objects of the publish days {@code wanted} accepts. */
	private static void copyPartitions(Path from, Path to, java.util.function.Predicate<LocalDate> wanted)
			throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				String relative = from.relativize(file).toString();
				if (LakeLayout.partitionOf(relative).filter(wanted).isPresent()) {
					Path target = to.resolve(relative);
					Files.createDirectories(target.getParent());
					Files.copy(file, target);
				}
			}
		}
	}

}
