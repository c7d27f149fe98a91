package io.shoplake.transform.engine;

import java.time.LocalDateTime;
import java.util.List;

import io.shoplake.transform.warehouse.LoadResult;

/**
 * A finished run.
 *
 * @param runId its id
 * @param status {@code success} or {@code failed}
 * @param trigger {@code api}, {@code schedule} or {@code test}
 * @param startedAt when it started (UTC)
 * @param finishedAt when it finished (UTC)
 * @param load what it loaded from the lake
 * @param loadMs how long loading the new lake and quarantine objects took
 * @param models each model's outcome, in run order
 * @param error why it failed before building, if it did
 */
public record RunSummary(String runId, String status, String trigger, LocalDateTime startedAt, LocalDateTime finishedAt,
		LoadResult load, long loadMs, List<ModelResult> models, String error) {

	public ModelResult model(String name) {
		return this.models.stream().filter((model) -> model.model().equals(name)).findFirst().orElseThrow();
	}

}
