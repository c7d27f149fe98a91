package io.shoplake.transform.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import io.shoplake.transform.load.FilesystemLakeSource;
import io.shoplake.transform.load.RawLoader;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.reconcile.LedgerClient;
import io.shoplake.transform.reconcile.MartFigures;
import io.shoplake.transform.reconcile.Reconciler;
import io.shoplake.transform.reconcile.Reconciliation;
import io.shoplake.transform.state.RunHistory;
import io.shoplake.transform.state.StateStore;
import io.shoplake.transform.testing.SimulatedShop;
import io.shoplake.transform.warehouse.DuckDbWarehouse;
import io.shoplake.transform.warehouse.Warehouse;
import io.shoplake.transform.warehouse.WarehouseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any sequence of runs converges to the ledger. A seeded simulated shop (poison,
 * duplicates, late events) arrives in the lake in several parts, object by object; a
 * seeded random sequence of runs over it selects one staging model, {@code +mart},
 * {@code mart+}, a tag or everything, restates a range, or has a model fail on the
 * warehouse; then everything has arrived and full runs follow. After them every figure of
 * the reconciliation matches the ledger, every incremental table equals a full refresh
 * row for row, and one more run builds nothing.
 */
class ConvergenceTests {

	private static final Instant START = Instant.parse("2026-11-16T00:00:00Z");

	private static final List<String> SELECTIONS = List.of("stg_orders", "stg_events", "stg_sessions",
			"+fct_daily_sales", "+fct_sessions", "stg_orders+", "stg_ad_clicks+", "tag:staging", "tag:sales",
			"tag:marketing", "fct_orders", "");

	private static final List<String> INCREMENTAL = List.of("stg_events", "stg_orders", "stg_order_lines",
			"stg_sessions", "stg_refunds", "stg_ad_clicks", "stg_customers", "stg_product_views", "stg_price_changes",
			"fct_order_lines", "fct_orders", "fct_daily_sales", "fct_product_daily", "fct_sessions",
			"fct_events_daily");

	@TempDir
	static Path data;

	private static SimulatedShop shop;

	private static HttpServer producer;

	private static List<Path> objects;

	@BeforeAll
	static void simulate() throws IOException {
		shop = SimulatedShop.simulate(data.resolve("produced"), 23L, START, 4, 40);
		producer = shop.serveLedger();
		try (Stream<Path> files = Stream.concat(Files.walk(shop.lake()), Files.walk(shop.quarantine()))) {
			objects = files.filter((file) -> file.toString().endsWith(".ndjson.gz")).sorted().toList();
		}
	}

	@AfterAll
	static void stop() {
		producer.stop(0);
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void anySequenceOfRunsConvergesToTheLedger(long seed) throws IOException {
		SplittableRandom random = new SplittableRandom(seed);
		Path root = data.resolve("seed-" + seed);
		Path lake = root.resolve("lake");
		Path quarantine = root.resolve("quarantine");
		AtomicReference<String> failing = new AtomicReference<>();
		try (DuckDbWarehouse duckdb = new DuckDbWarehouse(root.resolve("w.duckdb"))) {
			Warehouse warehouse = failingBuildsOf(duckdb, failing);
			StateStore state = new StateStore(warehouse);
			TransformRunner runner = new TransformRunner(ModelProject.load("transform"), warehouse, state,
					new RawLoader(warehouse, state, new FilesystemLakeSource(lake),
							new FilesystemLakeSource(quarantine)),
					Watermark.NONE, Map.of(), Clock.fixed(START.plus(Duration.ofDays(4)), ZoneOffset.UTC),
					Duration.ZERO);
			// The lake arrives in parts; each object goes to a random one.
			int parts = 3 + random.nextInt(3);
			List<List<Path>> arrivals = new ArrayList<>();
			for (int i = 0; i < parts; i++) {
				arrivals.add(new ArrayList<>());
			}
			objects.forEach((object) -> arrivals.get(random.nextInt(parts)).add(object));
			List<String> steps = new ArrayList<>();
			for (int part = 0; part < parts; part++) {
				deliver(arrivals.get(part), lake, quarantine);
				for (int run = 0, runs = 1 + random.nextInt(2); run < runs; run++) {
					steps.add(randomRun(runner, random, failing));
				}
			}
			RunSummary first = runner.run(RunRequest.all(), "test");
			RunSummary second = runner.run(RunRequest.all(), "test");
			assertThat(second.status()).as(steps + "\n" + first + "\n" + second).isEqualTo("success");

			Reconciliation reconciliation = new Reconciler(new MartFigures(warehouse),
					new RunHistory(warehouse, JsonMapper.builder().build()),
					new LedgerClient(new io.shoplake.events.EventCodec().mapper(), SimulatedShop.url(producer), null))
				.reconcile(null, null);
			assertThat(reconciliation.differences()).as(String.join("\n", steps)).isEmpty();
			assertThat(reconciliation.figuresCompared()).isGreaterThan(500);

			RunSummary nothing = runner.run(RunRequest.all(), "test");
			assertThat(nothing.models()).as("a run with nothing missing builds nothing")
				.allSatisfy((model) -> assertThat(model.status()).as(model.model()).isEqualTo("up_to_date"));

			for (String table : INCREMENTAL) {
				duckdb.execute(Warehouse.Job.NONE,
						"CREATE OR REPLACE TABLE snapshot_" + table + " AS SELECT * FROM " + table);
			}
			assertThat(runner.run(new RunRequest(null, null, null, true), "test").status()).isEqualTo("success");
			for (String table : INCREMENTAL) {
				assertThat(count(duckdb,
						"SELECT count(*) AS n FROM (SELECT * FROM snapshot_" + table + " EXCEPT ALL SELECT * FROM "
								+ table + ")"))
					.as(table + " rows a full refresh does not have, after " + steps)
					.isZero();
				assertThat(count(duckdb,
						"SELECT count(*) AS n FROM (SELECT * FROM " + table + " EXCEPT ALL SELECT * FROM snapshot_"
								+ table + ")"))
					.as(table + " rows the incremental builds missed, after " + steps)
					.isZero();
			}
			runner.close();
		}
	}

	/**
	 * One run: a random selection, maybe a restatement of a random range, maybe one model
	 * failing on the warehouse.
	 */
	private static String randomRun(TransformRunner runner, SplittableRandom random, AtomicReference<String> failing) {
		String select = SELECTIONS.get(random.nextInt(SELECTIONS.size()));
		LocalDate from = null;
		LocalDate to = null;
		if (random.nextInt(4) == 0) {
			from = LocalDate.parse("2026-11-16").plusDays(random.nextInt(4));
			to = from.plusDays(random.nextInt(3));
		}
		failing.set((random.nextInt(3) == 0) ? INCREMENTAL.get(random.nextInt(INCREMENTAL.size())) : null);
		RunSummary run = runner.run(new RunRequest(select.isEmpty() ? null : select, from, to, false), "test");
		String step = "select '" + select + "'" + ((from != null) ? " restate " + from + ".." + to : "")
				+ ((failing.get() != null) ? " failing " + failing.get() : "") + ": " + run.status();
		failing.set(null);
		return step;
	}

	/** {@code warehouse}, whose builds of the model {@code failing} names fail. */
	private static Warehouse failingBuildsOf(Warehouse warehouse, AtomicReference<String> failing) {
		return (Warehouse) java.lang.reflect.Proxy.newProxyInstance(Warehouse.class.getClassLoader(),
				new Class<?>[] { Warehouse.class }, (proxy, method, args) -> {
					if ((method.getName().equals("replaceTable") || method.getName().equals("replacePartitions"))
							&& args[1].equals(failing.get())) {
						throw new WarehouseException("injected failure of " + args[1], null, false);
					}
					try {
						return method.invoke(warehouse, args);
					}
					catch (java.lang.reflect.InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	private static void deliver(List<Path> part, Path lake, Path quarantine) {
		for (Path object : part) {
			boolean events = object.startsWith(shop.lake());
			Path target = (events ? lake : quarantine)
				.resolve((events ? shop.lake() : shop.quarantine()).relativize(object));
			try {
				Files.createDirectories(target.getParent());
				Files.copy(object, target);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private static long count(Warehouse warehouse, String sql) {
		return ((Number) warehouse.query(sql, 1).get(0).get("n")).longValue();
	}

}
