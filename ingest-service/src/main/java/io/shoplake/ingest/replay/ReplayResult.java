package io.shoplake.ingest.replay;

import java.util.List;

/**
 * What a replay did.
 *
 * @param examined quarantined records in the range (and stage, if one was given)
 * @param replayed records that now pass and were written to the lake by this replay
 * @param stillInvalid records that still fail; they stay in the quarantine
 * @param alreadyReplayed records an earlier replay moved to the lake
 * @param notReplayable records at stage envelope or base64, which hold no event to
 * re-validate
 * @param lakeObjects the lake objects this replay wrote
 */
public record ReplayResult(int examined, int replayed, int stillInvalid, int alreadyReplayed, int notReplayable,
		List<String> lakeObjects) {
}
