package io.shoplake.transform.state;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.shoplake.transform.warehouse.Warehouse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the run history the {@link StateStore} writes: recent runs with their counts, one
 * run with its models, a model's last run. What the runs API and the dashboard show.
 */
public final class RunHistory {

	private final Warehouse warehouse;

	private final JsonMapper json;

	public RunHistory(Warehouse warehouse, JsonMapper json) {
		this.warehouse = warehouse;
		this.json = json;
	}

	/**
	 * The last {@code limit} runs, newest first, each with its duration and counts of
	 * models by status and tests by outcome.
	 */
	public List<Map<String, Object>> recent(int limit) {
		String runs = this.warehouse.relation(StateStore.RUNS);
		List<Map<String, Object>> rows = this.warehouse.query("SELECT * FROM " + runs + " ORDER BY started_at DESC",
				limit);
		Map<String, Map<String, Long>> counts = new HashMap<>();
		if (!rows.isEmpty()) {
			LocalDateTime oldest = (LocalDateTime) rows.get(rows.size() - 1).get("started_at");
			for (Map<String, Object> model : this.warehouse
				.query("SELECT m.run_id, m.status, " + this.warehouse.dialect().asText("m.tests") + " AS tests FROM "
						+ this.warehouse.relation(StateStore.RUN_MODELS) + " m JOIN " + runs
						+ " r ON r.run_id = m.run_id WHERE r.started_at >= ?", Integer.MAX_VALUE, oldest)) {
				Map<String, Long> run = counts.computeIfAbsent((String) model.get("run_id"), (id) -> new TreeMap<>());
				run.merge("models_" + model.get("status"), 1L, Long::sum);
				if (model.get("tests") != null) {
					for (JsonNode test : this.json.readTree((String) model.get("tests"))) {
						run.merge("tests_" + test.path("status").asString(), 1L, Long::sum);
					}
				}
			}
		}
		List<Map<String, Object>> answer = new ArrayList<>();
		for (Map<String, Object> row : rows) {
			Map<String, Object> run = new LinkedHashMap<>(row);
			if (row.get("started_at") instanceof LocalDateTime started
					&& row.get("finished_at") instanceof LocalDateTime finished) {
				run.put("duration_ms", Duration.between(started, finished).toMillis());
			}
			run.put("counts", counts.getOrDefault((String) row.get("run_id"), Map.of()));
			answer.add(run);
		}
		return answer;
	}

	/** One run with each model's outcome, tests and SQL. */
	public Optional<Map<String, Object>> find(String runId) {
		List<Map<String, Object>> runs = this.warehouse
			.query("SELECT * FROM " + this.warehouse.relation(StateStore.RUNS) + " WHERE run_id = ?", 1, runId);
		if (runs.isEmpty()) {
			return Optional.empty();
		}
		Map<String, Object> run = new LinkedHashMap<>(runs.get(0));
		run.put("models",
				this.warehouse.query(
						"SELECT model, status, materialized, rows, duration_ms, bytes_processed, dates, sql_hash, "
								+ this.warehouse.dialect().asText("tests") + " AS tests, error, sql FROM "
								+ this.warehouse.relation(StateStore.RUN_MODELS) + " WHERE run_id = ?",
						Integer.MAX_VALUE, runId));
		return Optional.of(run);
	}

	/** The newest run of each model: run id, status, rows, duration and start. */
	public Map<String, Map<String, Object>> lastRunOfEachModel() {
		Map<String, Map<String, Object>> last = new HashMap<>();
		for (Map<String, Object> row : this.warehouse.query(
				"SELECT m.model, m.run_id, m.status, m.rows, " + "m.duration_ms, r.started_at FROM "
						+ this.warehouse.relation(StateStore.RUN_MODELS) + " m JOIN "
						+ this.warehouse.relation(StateStore.RUNS) + " r ON r.run_id = m.run_id ORDER BY r.started_at",
				Integer.MAX_VALUE)) {
			Map<String, Object> run = new LinkedHashMap<>(row);
			last.put((String) run.remove("model"), run);
		}
		return last;
	}

	/** The newest finished run that succeeded: when it finished and its watermark. */
	public Optional<Map<String, Object>> lastSuccess() {
		List<Map<String, Object>> rows = this.warehouse.query("SELECT run_id, finished_at, watermark FROM "
				+ this.warehouse.relation(StateStore.RUNS) + " WHERE status = 'success' ORDER BY finished_at DESC", 1);
		return rows.stream().findFirst();
	}

}
