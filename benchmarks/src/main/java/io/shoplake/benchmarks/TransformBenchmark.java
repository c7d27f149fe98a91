package io.shoplake.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.shoplake.events.EventCodec;
import io.shoplake.events.lake.LakeLayout;
import io.shoplake.producer.defects.DefectInjector;
import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.publish.FileSinkPublisher;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;
import io.shoplake.producer.traffic.Backfill;
import io.shoplake.support.files.Folders;
import io.shoplake.transform.engine.ModelResult;
import io.shoplake.transform.engine.RunRequest;
import io.shoplake.transform.engine.RunSummary;
import io.shoplake.transform.engine.TestResult;
import io.shoplake.transform.engine.TransformRunner;
import io.shoplake.transform.engine.Watermark;
import io.shoplake.transform.load.FilesystemLakeSource;
import io.shoplake.transform.load.RawLoader;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.state.StateStore;
import io.shoplake.transform.warehouse.DuckDbWarehouse;

/**
 * Transform on a lake of about {@code events} events (default 10 million) that the
 * producer's simulation writes through its {@code file} sink over 28 days (duplicates and
 * late events on): a full build of every model on the first 27 publish days, then an
 * incremental run after the 28th day's objects arrive; each beside a bare DuckDB
 * {@code count(*)} scan of the same files.
 * {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar io.shoplake.benchmarks.TransformBenchmark <work folder> [events]}
 */
public final class TransformBenchmark {

	private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");

	private static final int DAYS = 28;

	/**
	 * Measured on the simulation: lake lines per session, all types and duplicates
	 * together (6,914,744 lines for 27 days at 1,240 sessions/hour, 2026-12-01).
	 */
	private static final double EVENTS_PER_SESSION = 8.6;

	private TransformBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path work = Path.of(args[0]);
		long events = (args.length > 1) ? Long.parseLong(args[1]) : 10_000_000L;
		Path produced = work.resolve("produced");
		if (!Files.exists(produced.resolve("events"))) {
			double sessionsPerHour = events / EVENTS_PER_SESSION / (DAYS * 24.0);
			long started = System.nanoTime();
			try (FileSinkPublisher sink = new FileSinkPublisher(produced, 50_000, Clock.systemUTC(), 2)) {
				Backfill.run(SimulationProperties.defaults(11L).withSessionsPerHour(sessionsPerHour),
						new DefectInjector(new EventCodec(), 11L, 0.0, 0.01, 0.02), sink,
						new Ledger(ShopperSimulator::campaignOfClick), START, DAYS, 20_000);
			}
			System.out.printf(Locale.ROOT, "generated %d days at %.0f sessions/hour in %.1f s%n", DAYS, sessionsPerHour,
					seconds(started));
		}
		LocalDate last = START.atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(DAYS - 1);
		Path lake = work.resolve("lake-" + System.nanoTime());
		List<Path> firstFiles = copy(produced, lake, (day) -> day.isBefore(last));
		Path warehouseFile = lake.resolveSibling(lake.getFileName() + ".duckdb");
		try (DuckDbWarehouse warehouse = new DuckDbWarehouse(warehouseFile);
				TransformRunner runner = runner(warehouse, lake, work.resolve("no-quarantine"))) {
			double scanAll = scan(firstFiles);
			long started = System.nanoTime();
			RunSummary full = runner.run(RunRequest.all(), "benchmark");
			double fullSeconds = seconds(started);
			report("full build", full, fullSeconds, scanAll);
			System.out.printf(Locale.ROOT, "    warehouse file %,d MB%n", Files.size(warehouseFile) >> 20);

			List<Path> dayFiles = copy(produced, lake, (day) -> !day.isBefore(last));
			double scanDay = scan(dayFiles);
			started = System.nanoTime();
			RunSummary incremental = runner.run(RunRequest.all(), "benchmark");
			report("incremental day", incremental, seconds(started), scanDay);
			System.out.printf(Locale.ROOT, "    warehouse file %,d MB%n", Files.size(warehouseFile) >> 20);

			started = System.nanoTime();
			RunSummary nothing = runner.run(RunRequest.all(), "benchmark");
			System.out.printf(Locale.ROOT, "nothing missing: %s, %d of %d models up to date, %.3f s%n",
					nothing.status(),
					nothing.models().stream().filter((model) -> "up_to_date".equals(model.status())).count(),
					nothing.models().size(), seconds(started));
		}
		finally {
			// The lake copy and the warehouse are ~10 GB; the produced lake stays for the
			// next run.
			Folders.delete(lake);
			Files.deleteIfExists(warehouseFile);
			Files.deleteIfExists(warehouseFile.resolveSibling(warehouseFile.getFileName() + ".wal"));
		}
	}

	private static TransformRunner runner(DuckDbWarehouse warehouse, Path lake, Path quarantine) {
		StateStore state = new StateStore(warehouse);
		return new TransformRunner(ModelProject.load("transform"), warehouse, state,
				new RawLoader(warehouse, state, new FilesystemLakeSource(lake), new FilesystemLakeSource(quarantine)),
				Watermark.NONE, Map.of(), Clock.systemUTC(), Duration.ofMillis(500));
	}

	private static void report(String label, RunSummary run, double seconds, double scan) {
		System.out.printf(Locale.ROOT,
				"%s: %s, %d objects, %,d events loaded, %.2f s; bare count(*) scan of the same files %.2f s (ratio %.1f)%n",
				label, run.status(), run.load().objects(), run.load().rows(), seconds, scan, seconds / scan);
		System.out.printf(Locale.ROOT, "    %-22s %7d ms%n", "(load)", run.loadMs());
		run.models().stream().sorted(Comparator.comparingLong(ModelResult::durationMs).reversed()).forEach((model) -> {
			long tests = model.tests().stream().mapToLong(TestResult::durationMs).sum();
			System.out.printf(Locale.ROOT, "    %-22s %-12s %,12d rows %7d ms (build %d, %d tests %d)%n", model.model(),
					model.status(), (model.rows() != null) ? model.rows() : 0, model.durationMs(),
					model.durationMs() - tests, model.tests().size(), tests);
		});
	}

	/** Seconds for DuckDB to count the lines of {@code files}, read as JSON. */
	private static double scan(List<Path> files) throws SQLException {
		String list = files.stream()
			.map((file) -> "'" + file.toAbsolutePath().toString().replace("'", "''") + "'")
			.reduce((a, b) -> a + ", " + b)
			.orElseThrow();
		try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
				Statement statement = connection.createStatement()) {
			long started = System.nanoTime();
			try (ResultSet result = statement
				.executeQuery("SELECT count(*) FROM read_ndjson_objects([" + list + "])")) {
				result.next();
				double seconds = seconds(started);
				System.out.printf(Locale.ROOT, "  count(*) of %d files: %,d lines in %.2f s%n", files.size(),
						result.getLong(1), seconds);
				return seconds;
			}
		}
	}

	private static List<Path> copy(Path from, Path to, java.util.function.Predicate<LocalDate> wanted)
			throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			List<Path> copied = new java.util.ArrayList<>();
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				String relative = from.relativize(file).toString();
				if (LakeLayout.partitionOf(relative).filter(wanted).isPresent()) {
					Path target = to.resolve(relative);
					Files.createDirectories(target.getParent());
					Files.copy(file, target);
					copied.add(target);
				}
			}
			return copied;
		}
	}

	private static double seconds(long started) {
		return (System.nanoTime() - started) / 1e9;
	}

}
