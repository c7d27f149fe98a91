package io.shoplake.transform.engine;

import java.time.Instant;

/**
 * Where a run's watermark comes from: the publish time up to which loaded lines are shown
 * in the models. Asked once per run, before it lists the lake, so that every message
 * published up to the watermark is already in an object the run loads.
 */
@FunctionalInterface
public interface Watermark {

	/** No watermark: every loaded line is shown. */
	Watermark NONE = (previous) -> null;

	/**
	 * The watermark of the run about to load.
	 * @param previous the last run's, or null
	 * @return the new one; null to show every loaded line
	 */
	Instant advance(Instant previous);

}
