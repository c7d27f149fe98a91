package io.shoplake.transform.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.shoplake.transform.testing.LakeFiles;
import io.shoplake.transform.testing.LocalTransform;
import io.shoplake.transform.warehouse.DuckDbWarehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session that starts before midnight and goes on after it: the run that loads its
 * after-midnight events rebuilds the day it started on (fct_sessions' lookback).
 */
class MidnightSessionTests {

	@TempDir
	Path data;

	@Test
	void aSessionAcrossMidnightCountsItsEventsFromBothDays() throws IOException {
		Path lake = this.data.resolve("lake");
		write(lake, "2026-11-24", "part-a-1",
				event("e1", "session_started", "2026-11-24T23:58:00.000Z", "2026-11-24T23:58:01.000Z"),
				event("e2", "page_viewed", "2026-11-24T23:59:00.000Z", "2026-11-24T23:59:01.000Z"));
		try (LocalTransform transform = LocalTransform.open(this.data.resolve("w.duckdb"), lake,
				this.data.resolve("quarantine"), Clock.systemUTC())) {
			DuckDbWarehouse warehouse = transform.warehouse();
			TransformRunner runner = transform.runner();
			assertThat(runner.run(RunRequest.all(), "test").status()).isEqualTo("success");
			assertThat(pageViews(warehouse)).isEqualTo(1);
			write(lake, "2026-11-25", "part-a-2",
					event("e3", "page_viewed", "2026-11-25T00:01:00.000Z", "2026-11-25T00:01:01.000Z"));
			RunSummary next = runner.run(RunRequest.all(), "test");
			assertThat(next.model("fct_sessions").dates()).containsExactly("2026-11-24", "2026-11-25");
			assertThat(pageViews(warehouse)).isEqualTo(2);
		}
	}

	private static long pageViews(DuckDbWarehouse warehouse) {
		List<Map<String, Object>> rows = warehouse
			.query("SELECT page_views FROM fct_sessions WHERE session_id = 'ses_x'", 2);
		assertThat(rows).hasSize(1);
		return ((Number) rows.get(0).get("page_views")).longValue();
	}

	private static String event(String id, String type, String at, String published) {
		return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"schema_version\":1,\"occurred_at\":\""
				+ at + "\",\"session_id\":\"ses_x\",\"anonymous_id\":\"anon_x\",\"customer_id\":null,"
				+ "\"device\":{\"type\":\"mobile\",\"os\":\"iOS\",\"browser\":\"Safari\"},"
				+ "\"geo\":{\"country\":\"DE\",\"region\":\"Bavaria\",\"city\":\"Munich\"},\"_message_id\":\"m-" + id
				+ "\",\"_publish_time\":\"" + published + "\",\"_ingested_at\":\"" + published + "\"}";
	}

	private static void write(Path lake, String day, String part, String... lines) {
		LakeFiles.write(lake, LocalDate.parse(day), part, lines);
	}

}
