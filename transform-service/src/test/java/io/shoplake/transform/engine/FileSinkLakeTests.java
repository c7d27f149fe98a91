package io.shoplake.transform.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.shoplake.events.EventCodec;
import io.shoplake.producer.defects.DefectInjector;
import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.publish.FileSinkPublisher;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;
import io.shoplake.producer.traffic.Backfill;
import io.shoplake.transform.testing.LocalTransform;
import io.shoplake.events.ledger.LedgerDay;
import io.shoplake.transform.warehouse.DuckDbWarehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lake written by the producer's {@code file} sink (no ingest, so no dedupe before the
 * lake): a duplicate can sit in the same object as its first copy. Every model still sees
 * each event once, and the orders equal the ledger. And a warehouse an earlier version
 * wrote is loaded again from the lake when the raw table's columns changed.
 */
class FileSinkLakeTests {

	private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");

	@TempDir
	Path data;

	private final EventCodec codec = new EventCodec();

	@Test
	void duplicatesInOneObjectAreCountedOnce() {
		Ledger ledger = simulate(5L, 60, 0.2, 2);
		try (LocalTransform transform = LocalTransform.open(this.data.resolve("w.duckdb"), this.data.resolve("lake"),
				this.data.resolve("quarantine"), Clock.fixed(START.plusSeconds(2 * 86_400L), ZoneOffset.UTC))) {
			DuckDbWarehouse warehouse = transform.warehouse();
			RunSummary run = transform.runner().run(RunRequest.all(), "test");
			assertThat(run.status()).as(run.models().toString()).isEqualTo("success");
			long sameObjectCopies = ((Number) warehouse.query(
					"SELECT count(*) AS n FROM (SELECT _file, event_id FROM raw_events GROUP BY ALL HAVING count(*) > 1)",
					1)
				.get(0)
				.get("n")).longValue();
			assertThat(sameObjectCopies).as("duplicates next to their first copy").isPositive();
			assertOrdersEqualTheLedger(warehouse, ledger);
		}
	}

	@Test
	void aRawTableOfAnEarlierLayoutIsLoadedAgainAndEveryModelRebuilt() {
		Ledger ledger = simulate(6L, 40, 0.05, 1);
		Path file = this.data.resolve("w.duckdb");
		Clock clock = Clock.fixed(START.plusSeconds(86_400L), ZoneOffset.UTC);
		long rawRows;
		int objects;
		try (LocalTransform transform = LocalTransform.open(file, this.data.resolve("lake"),
				this.data.resolve("quarantine"), clock)) {
			RunSummary first = transform.runner().run(RunRequest.all(), "test");
			assertThat(first.status()).isEqualTo("success");
			objects = first.load().objects();
			rawRows = transform.warehouse().rowCount("raw_events");
			// What an earlier version left: the payload as JSON, stg_orders without
			// lines.
			transform.execute("ALTER TABLE raw_events ADD COLUMN payload JSON");
			transform.execute("ALTER TABLE stg_orders DROP COLUMN lines");
			transform.execute("ALTER TABLE stg_orders ADD COLUMN payload JSON");
		}
		try (LocalTransform transform = LocalTransform.open(file, this.data.resolve("lake"),
				this.data.resolve("quarantine"), clock)) {
			DuckDbWarehouse warehouse = transform.warehouse();
			RunSummary upgraded = transform.runner().run(RunRequest.all(), "test");
			assertThat(upgraded.status()).as(upgraded.models().toString()).isEqualTo("success");
			assertThat(upgraded.load().objects()).as("the whole lake loaded again").isEqualTo(objects).isPositive();
			assertThat(upgraded.model("stg_orders").status()).isEqualTo("success");
			assertThat(upgraded.load().rows()).isEqualTo(rawRows);
			assertThat(warehouse.rowCount("raw_events")).isEqualTo(rawRows);
			assertThat(warehouse.query("SELECT * FROM stg_orders LIMIT 1", 1).get(0)).containsKey("lines")
				.doesNotContainKey("payload");
			assertOrdersEqualTheLedger(warehouse, ledger);
		}
	}

	/**
	 * Writes {@code days} simulated days from {@link #START} into the lake through the
	 * producer's file sink, with {@code duplicates} of the events published twice.
	 */
	private Ledger simulate(long seed, double sessionsPerHour, double duplicates, int days) {
		Ledger ledger = new Ledger(ShopperSimulator::campaignOfClick);
		try (FileSinkPublisher sink = new FileSinkPublisher(this.data.resolve("lake"), 100_000, Clock.systemUTC(), 2)) {
			Backfill.run(SimulationProperties.defaults(seed).withSessionsPerHour(sessionsPerHour),
					new DefectInjector(this.codec, seed, 0.0, duplicates, 0.0), sink, ledger, START, days, 500);
		}
		return ledger;
	}

	private void assertOrdersEqualTheLedger(DuckDbWarehouse warehouse, Ledger ledger) {
		long orders = ((Number) warehouse.query("SELECT sum(orders) AS n FROM fct_daily_sales", 1).get(0).get("n"))
			.longValue();
		assertThat(orders)
			.isEqualTo(
					ledger.between(LocalDate.MIN, LocalDate.MAX).values().stream().mapToLong(LedgerDay::orders).sum())
			.isPositive();
	}

}
