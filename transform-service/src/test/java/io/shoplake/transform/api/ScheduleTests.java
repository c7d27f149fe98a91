package io.shoplake.transform.api;

import java.nio.file.Path;
import java.time.Duration;

import io.shoplake.transform.warehouse.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.UseMainMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The cron schedule runs the same code as {@code POST /runs}, recorded as such. */
@SpringBootTest(useMainMethod = UseMainMethod.ALWAYS)
class ScheduleTests {

	@TempDir
	static Path data;

	@Autowired
	Warehouse warehouse;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("shoplake.transform.duckdb-file", () -> data.resolve("w.duckdb").toString());
		registry.add("shoplake.transform.lake-directory", () -> data.resolve("lake").toString());
		registry.add("shoplake.transform.quarantine-directory", () -> data.resolve("quarantine").toString());
		registry.add("shoplake.transform.schedule", () -> "* * * * * *");
		registry.add("server.port", () -> "0");
	}

	@Test
	void theScheduleTriggersRuns() {
		await("a scheduled run").atMost(Duration.ofSeconds(60))
			.until(() -> !this.warehouse
				.query("SELECT 1 FROM _shoplake_runs WHERE trigger = 'schedule' AND status = 'success'", 1)
				.isEmpty());
		assertThat(this.warehouse.query("SELECT count(*) AS n FROM _shoplake_runs WHERE status = 'running'", 1)
			.get(0)
			.get("n")).isIn(0L, 1L);
	}

}
