package io.shoplake.transform.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.shoplake.transform.testing.LakeFiles;
import io.shoplake.transform.testing.LocalTransform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lake written by something less careful than today's ingest (an older revision, a
 * hand-copied file): lines DuckDB cannot type must not stop the warehouse. The object is
 * loaded line by line, the bad lines land in {@code raw_rejects} with their object and
 * line number, and the data-quality mart counts them.
 */
class RejectedLinesTests {

	@TempDir
	Path data;

	@Test
	void linesTheLoadCannotTypeAreRejectedAndTheRunSucceeds() throws IOException {
		Path lake = this.data.resolve("lake");
		write(lake, "2026-11-24", "part-good", event("e1", "2026-11-24T10:00:00.000Z", "2026-11-24T10:00:01.000Z"));
		write(lake, "2026-11-24", "part-mixed", event("e2", "2026-11-24T11:00:00.000Z", "2026-11-24T11:00:01.000Z"),
				event("e3", "2026-11-24T11:00:00.000Z", "+10000-01-01T00:00:00.000Z"),
				event("e4", "0001-01-01T00:00:00.000Z", "2026-11-24T11:00:01.000Z"),
				event("e5", "2026-11-24T11:00:00.000Z", "2026-11-24T11:00:01.000Z").replace("\"schema_version\":1",
						"\"schema_version\":\"one\""),
				event("e6", "2026-11-24T11:00:00.000Z", "2026-11-24T11:00:01.000Z")
					.replace("\"device\":{", "\"device\":[{")
					.replace("\"Safari\"}", "\"Safari\"}]"),
				"not JSON at all", "\"a string\"", event("e7", "2026-11-24T12:00:00.000Z", "2026-11-24T12:00:01.000Z"));
		try (LocalTransform transform = LocalTransform.open(this.data.resolve("w.duckdb"), lake,
				this.data.resolve("quarantine"), Clock.systemUTC())) {
			RunSummary run = transform.runner().run(RunRequest.all(), "test");
			assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("success");
			assertThat(run.load().rejected()).isEqualTo(6);
			List<Map<String, Object>> rejects = transform.warehouse()
				.query("SELECT _file, line_number, reason FROM raw_rejects ORDER BY line_number", 10);
			assertThat(rejects).extracting((row) -> ((Number) row.get("line_number")).intValue())
				.containsExactly(2, 3, 4, 5, 6, 7);
			assertThat(rejects).allSatisfy((row) -> assertThat(row.get("_file"))
				.isEqualTo("events/year=2026/month=11/day=24/part-mixed.ndjson.gz"));
			assertThat(rejects.get(4).get("reason")).isEqualTo("not JSON");
			assertThat(rejects.get(5).get("reason")).isEqualTo("not a JSON object");
			assertThat(transform.count("SELECT count(*) AS n FROM raw_events")).as("e1, e2, e7").isEqualTo(3);
			assertThat(transform.count("SELECT count(*) AS n FROM stg_events")).isEqualTo(3);
			assertThat(transform
				.count("SELECT messages AS n FROM fct_data_quality_daily WHERE stage = 'load' AND publish_date = "
						+ "DATE '2026-11-24'"))
				.isEqualTo(6);

			// The next run loads nothing again and rejects nothing more.
			RunSummary next = transform.runner().run(RunRequest.all(), "test");
			assertThat(next.status()).isEqualTo("success");
			assertThat(next.load().objects()).isZero();
			assertThat(transform.count("SELECT count(*) AS n FROM raw_rejects")).isEqualTo(6);
		}
	}

	private static String event(String id, String at, String published) {
		return "{\"event_id\":\"" + id + "\",\"event_type\":\"page_viewed\",\"schema_version\":1,\"occurred_at\":\""
				+ at + "\",\"session_id\":\"ses_x\",\"anonymous_id\":\"anon_x\",\"customer_id\":null,"
				+ "\"device\":{\"type\":\"mobile\",\"os\":\"iOS\",\"browser\":\"Safari\"},"
				+ "\"geo\":{\"country\":\"DE\",\"region\":\"Bavaria\",\"city\":\"Munich\"},\"page_url\":\"/\","
				+ "\"_message_id\":\"m-" + id + "\",\"_publish_time\":\"" + published + "\",\"_ingested_at\":\""
				+ published + "\"}";
	}

	private static void write(Path lake, String day, String part, String... lines) {
		LakeFiles.write(lake, LocalDate.parse(day), part, lines);
	}

}
