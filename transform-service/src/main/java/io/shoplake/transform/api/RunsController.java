package io.shoplake.transform.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.shoplake.transform.engine.Dag;
import io.shoplake.transform.engine.RunInProgressException;
import io.shoplake.transform.engine.RunRequest;
import io.shoplake.transform.engine.TransformRunner;
import io.shoplake.transform.project.Model;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.project.ProjectException;
import io.shoplake.transform.render.Compiled;
import io.shoplake.transform.warehouse.Warehouse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.PreDestroy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs, models and lineage: {@code POST /runs} starts a run (202 with its id; 409 with
 * the running id if one is going on), {@code GET /runs}, {@code GET /runs/{id}},
 * {@code GET /models}, {@code GET /lineage}.
 */
@RestController
@Tag(name = "runs", description = "Transform runs, models and lineage")
class RunsController {

	private final TransformRunner runner;

	private final Warehouse warehouse;

	private final ModelProject project;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((r) -> new Thread(r, "transform-run"));

	private final JsonMapper json;

	RunsController(TransformRunner runner, Warehouse warehouse, ModelProject project, JsonMapper json) {
		this.json = json;
		this.runner = runner;
		this.warehouse = warehouse;
		this.project = project;
	}

	@PreDestroy
	void stop() {
		this.executor.shutdown();
	}

	@PostMapping("/runs")
	@Operation(summary = "Start a run: load new lake objects, build the selection, test; 202 with the run id")
	ResponseEntity<Map<String, String>> start(@RequestBody(required = false) RunRequest request) {
		RunRequest run = (request != null) ? request : RunRequest.all();
		this.runner.dag().select(run.select(), (name) -> List.of());
		String id = this.runner.claim();
		this.executor.execute(() -> this.runner.run(id, run, "api"));
		return ResponseEntity.accepted().location(URI.create("/runs/" + id)).body(Map.of("run_id", id));
	}

	@GetMapping("/runs")
	@Operation(summary = "The last 50 runs, newest first, each with its duration and counts of models by status "
			+ "and tests by outcome")
	List<Map<String, Object>> runs() {
		String runsTable = this.warehouse.relation("_shoplake_runs");
		List<Map<String, Object>> runs = this.warehouse
			.query("SELECT * FROM " + runsTable + " ORDER BY started_at DESC", 50);
		Map<String, Map<String, Long>> counts = new java.util.HashMap<>();
		for (Map<String, Object> model : this.warehouse
			.query("SELECT run_id, status, " + this.warehouse.dialect().asText("tests") + " AS tests FROM "
					+ this.warehouse.relation("_shoplake_run_models") + " WHERE run_id IN (SELECT run_id FROM "
					+ runsTable + " ORDER BY started_at DESC LIMIT 50)", Integer.MAX_VALUE)) {
			Map<String, Long> run = counts.computeIfAbsent((String) model.get("run_id"),
					(id) -> new java.util.TreeMap<>());
			run.merge("models_" + model.get("status"), 1L, Long::sum);
			if (model.get("tests") != null) {
				for (JsonNode test : this.json.readTree((String) model.get("tests"))) {
					run.merge("tests_" + test.path("status").asString(), 1L, Long::sum);
				}
			}
		}
		List<Map<String, Object>> answer = new java.util.ArrayList<>();
		for (Map<String, Object> row : runs) {
			Map<String, Object> run = new java.util.LinkedHashMap<>(row);
			if (row.get("started_at") instanceof java.time.LocalDateTime started
					&& row.get("finished_at") instanceof java.time.LocalDateTime finished) {
				run.put("duration_ms", java.time.Duration.between(started, finished).toMillis());
			}
			run.put("counts", counts.getOrDefault((String) row.get("run_id"), Map.of()));
			answer.add(run);
		}
		return answer;
	}

	@GetMapping("/runs/{id}")
	@Operation(summary = "One run with each model's outcome, tests and rendered SQL")
	ResponseEntity<Map<String, Object>> run(@PathVariable String id) {
		List<Map<String, Object>> runs = this.warehouse
			.query("SELECT * FROM " + this.warehouse.relation("_shoplake_runs") + " WHERE run_id = ?", 1, id);
		if (runs.isEmpty()) {
			return ResponseEntity.notFound().build();
		}
		Map<String, Object> run = new java.util.LinkedHashMap<>(runs.get(0));
		run.put("models",
				this.warehouse.query(
						"SELECT model, status, materialized, rows, duration_ms, bytes_processed, dates, sql_hash, "
								+ this.warehouse.dialect().asText("tests") + " AS tests, error, sql FROM "
								+ this.warehouse.relation("_shoplake_run_models") + " WHERE run_id = ?",
						Integer.MAX_VALUE, id));
		return ResponseEntity.ok(run);
	}

	@GetMapping("/models")
	@Operation(summary = "Every model with its config, columns, description, upstream, downstream and last run")
	List<Map<String, Object>> models() {
		Dag dag = this.runner.dag();
		return dag.order().stream().map((name) -> {
			Model model = this.project.models().get(name);
			Compiled compiled = this.runner.compile(name);
			List<Map<String, Object>> last = this.warehouse
				.query("SELECT m.run_id, m.status, m.rows, m.duration_ms, r.started_at FROM "
						+ this.warehouse.relation("_shoplake_run_models") + " m JOIN "
						+ this.warehouse.relation("_shoplake_runs")
						+ " r USING (run_id) WHERE m.model = ? ORDER BY r.started_at DESC", 1, name);
			Map<String, Object> entry = new java.util.LinkedHashMap<>();
			entry.put("name", name);
			entry.put("file", model.file());
			entry.put("description", model.description());
			entry.put("config", compiled.config());
			entry.put("columns", model.columns());
			entry.put("tests", model.tests().stream().map((test) -> test.name()).toList());
			entry.put("sources", compiled.sources());
			entry.put("upstream", dag.upstreamOf(name));
			entry.put("downstream", dag.downstreamOf(name));
			entry.put("last_run", last.isEmpty() ? null : last.get(0));
			return entry;
		}).toList();
	}

	@GetMapping("/lineage")
	@Operation(summary = "The lineage graph: nodes (sources and models) and edges")
	Map<String, Object> lineage() {
		Dag dag = this.runner.dag();
		List<Edge> edges = new java.util.ArrayList<>();
		java.util.Set<String> sources = new java.util.TreeSet<>();
		for (String name : dag.order()) {
			for (String source : this.runner.compile(name).sources()) {
				sources.add(source);
				edges.add(new Edge("source:" + source, name));
			}
			dag.upstreamOf(name).forEach((parent) -> edges.add(new Edge(parent, name)));
		}
		List<Node> nodes = new java.util.ArrayList<>();
		sources.forEach((source) -> nodes.add(new Node("source:" + source, "source")));
		dag.order().forEach((name) -> nodes.add(new Node(name, "model")));
		return Map.of("nodes", nodes, "edges", edges);
	}

	/**
	 * A lineage edge: {@code from} is read by {@code to}.
	 *
	 * @param from a source ({@code source:raw.events}, {@code source:seed.countries}) or
	 * a model
	 * @param to a model
	 */
	record Edge(String from, String to) {
	}

	/**
	 * A lineage node.
	 *
	 * @param id source or model name
	 * @param kind {@code source} or {@code model}
	 */
	record Node(String id, String kind) {
	}

	@ExceptionHandler(RunInProgressException.class)
	ProblemDetail conflict(RunInProgressException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "Run in progress", ex);
		problem.setProperty("running_run_id", ex.runId());
		return problem;
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException ex) {
		return Problems.of(HttpStatus.BAD_REQUEST, "Invalid run request", ex);
	}

	@ExceptionHandler(ProjectException.class)
	ProblemDetail project(ProjectException ex) {
		return Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "Model project error", ex);
	}

}
