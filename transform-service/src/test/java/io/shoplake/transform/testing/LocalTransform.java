package io.shoplake.transform.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.shoplake.transform.engine.TransformRunner;
import io.shoplake.transform.engine.Watermark;
import io.shoplake.transform.load.FilesystemLakeSource;
import io.shoplake.transform.load.RawLoader;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.state.StateStore;
import io.shoplake.transform.warehouse.DuckDbWarehouse;
import io.shoplake.transform.warehouse.Warehouse;

/**
 * The real model project on DuckDB over a lake and quarantine in folders, wired as the
 * service wires it.
 *
 * @param warehouse the DuckDB warehouse
 * @param state its run state
 * @param runner the runner
 */
public record LocalTransform(DuckDbWarehouse warehouse, StateStore state,
		TransformRunner runner) implements AutoCloseable {

	/** Opens (or creates) {@code file} over {@code lake} and {@code quarantine}. */
	public static LocalTransform open(Path file, Path lake, Path quarantine, Clock clock) {
		return open(new DuckDbWarehouse(file), lake, quarantine, clock, Watermark.NONE);
	}

	/**
	 * The project on {@code warehouse}, with each run's watermark from {@code watermark}.
	 */
	public static LocalTransform open(DuckDbWarehouse warehouse, Path lake, Path quarantine, Clock clock,
			Watermark watermark) {
		StateStore state = new StateStore(warehouse);
		TransformRunner runner = new TransformRunner(ModelProject.load("transform"), warehouse, state,
				new RawLoader(warehouse, state, new FilesystemLakeSource(lake), new FilesystemLakeSource(quarantine)),
				watermark, Map.of(), clock, Duration.ofMillis(10));
		return new LocalTransform(warehouse, state, runner);
	}

	/** Runs a statement outside any run. */
	public void execute(String sql) {
		this.warehouse.execute(Warehouse.Job.NONE, sql);
	}

	/** A single count a query gives as {@code n}. */
	public long count(String sql) {
		return ((Number) this.warehouse.query(sql, 1).get(0).get("n")).longValue();
	}

	@Override
	public void close() {
		this.runner.close();
		this.warehouse.close();
	}

}
