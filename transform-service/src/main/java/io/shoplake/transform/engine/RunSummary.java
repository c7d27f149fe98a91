package io.shoplake.transform.engine;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import io.shoplake.transform.load.RawLoader;

/**
 * A finished run.
 *
 * @param runId its id
 * @param status {@code success}, {@code failed} or {@code cancelled}
 * @param trigger {@code api}, {@code schedule} or {@code test}
 * @param startedAt when it started (UTC)
 * @param finishedAt when it finished (UTC)
 * @param load what it loaded from the lake
 * @param loadMs how long loading the new lake and quarantine objects took
 * @param models each model's outcome, in run order
 * @param watermark the publish time up to which its models show lines; null: all
 * @param error why it failed before building, if it did
 */
public record RunSummary(String runId, String status, String trigger, LocalDateTime startedAt, LocalDateTime finishedAt,
		RawLoader.Load load, long loadMs, List<ModelResult> models, Instant watermark, String error) {

	public ModelResult model(String name) {
		return this.models.stream().filter((model) -> model.model().equals(name)).findFirst().orElseThrow();
	}

}
