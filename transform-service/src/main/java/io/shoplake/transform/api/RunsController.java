package io.shoplake.transform.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.shoplake.transform.engine.Dag;
import io.shoplake.transform.engine.RunInProgressException;
import io.shoplake.transform.engine.RunRequest;
import io.shoplake.transform.engine.RunSummary;
import io.shoplake.transform.engine.TransformRunner;
import io.shoplake.transform.project.Model;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.project.ProjectException;
import io.shoplake.transform.render.Compiled;
import io.shoplake.transform.state.RunHistory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
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

	private final RunHistory history;

	private final ModelProject project;

	RunsController(TransformRunner runner, RunHistory history, ModelProject project) {
		this.runner = runner;
		this.history = history;
		this.project = project;
	}

	@PostMapping("/runs")
	@Operation(summary = "Start a run: load new lake objects, build what each selected model is missing, test; "
			+ "202 with the run id; with wait=true the request stays open until the run ends (for Cloud "
			+ "Scheduler, so the instance stays allocated) and answers 200 with the run when it succeeded, "
			+ "500 with the run when it failed or was cancelled")
	ResponseEntity<Map<String, ?>> start(@RequestBody(required = false) RunRequest request,
			@RequestParam(name = "wait", defaultValue = "false") boolean wait) {
		RunRequest run = (request != null) ? request : RunRequest.all();
		if (wait) {
			RunSummary summary = this.runner.run(run, "api");
			Map<String, Object> recorded = this.history.find(summary.runId())
				.orElseGet(() -> Map.of("run_id", summary.runId(), "status", summary.status()));
			return ResponseEntity
				.status("success".equals(summary.status()) ? HttpStatus.OK : HttpStatus.INTERNAL_SERVER_ERROR)
				.location(URI.create("/runs/" + summary.runId()))
				.body(recorded);
		}
		String id = this.runner.submit(run, "api");
		return ResponseEntity.accepted().location(URI.create("/runs/" + id)).body(Map.of("run_id", id));
	}

	@PostMapping("/runs/{id}/cancel")
	@Operation(summary = "Ask the run in progress to stop at its next step (it is recorded cancelled); "
			+ "202, 409 if that run is not in progress, 404 if there is no such run")
	ResponseEntity<Map<String, String>> cancel(@PathVariable String id) {
		if (this.runner.cancel(id, "cancelled by request")) {
			return ResponseEntity.accepted().body(Map.of("run_id", id, "status", "cancelling"));
		}
		if (this.history.find(id).isEmpty()) {
			return ResponseEntity.notFound().build();
		}
		throw new RunNotRunningException(id);
	}

	@GetMapping("/runs")
	@Operation(summary = "The last 50 runs, newest first, each with its duration and counts of models by status "
			+ "and tests by outcome")
	List<Map<String, Object>> runs() {
		return this.history.recent(50);
	}

	@GetMapping("/runs/{id}")
	@Operation(summary = "One run with each model's outcome, tests and rendered SQL")
	ResponseEntity<Map<String, Object>> run(@PathVariable String id) {
		return this.history.find(id).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
	}

	@GetMapping("/models")
	@Operation(summary = "Every model with its config, columns, description, upstream, downstream and last run")
	List<Map<String, Object>> models() {
		Dag dag = this.runner.dag();
		Map<String, Map<String, Object>> lastRuns = this.history.lastRunOfEachModel();
		return dag.order().stream().map((name) -> {
			Model model = this.project.models().get(name);
			Compiled compiled = this.runner.compile(name);
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", name);
			entry.put("file", model.file());
			entry.put("description", model.description());
			entry.put("config", compiled.config());
			entry.put("columns", model.columns());
			entry.put("tests", model.tests().stream().map((test) -> test.name()).toList());
			entry.put("sources", compiled.sources());
			entry.put("upstream", dag.upstreamOf(name));
			entry.put("downstream", dag.downstreamOf(name));
			entry.put("last_run", lastRuns.get(name));
			return entry;
		}).toList();
	}

	@GetMapping("/lineage")
	@Operation(summary = "The lineage graph: nodes (sources and models) and edges")
	Map<String, Object> lineage() {
		Dag dag = this.runner.dag();
		List<Edge> edges = new ArrayList<>();
		Set<String> sources = new TreeSet<>();
		for (String name : dag.order()) {
			for (String source : this.runner.compile(name).sources()) {
				sources.add(source);
				edges.add(new Edge("source:" + source, name));
			}
			dag.upstreamOf(name).forEach((parent) -> edges.add(new Edge(parent, name)));
		}
		List<Node> nodes = new ArrayList<>();
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

	@ExceptionHandler(RunNotRunningException.class)
	ProblemDetail notRunning(RunNotRunningException ex) {
		return Problems.of(HttpStatus.CONFLICT, "Run not in progress", ex);
	}

	/** A cancel of a run that has ended. */
	static final class RunNotRunningException extends RuntimeException {

		RunNotRunningException(String id) {
			super("run " + id + " is not in progress; only the run in progress can be cancelled");
		}

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
