package io.shoplake.ingest.replay;

import java.util.List;
import java.util.Map;

/**
 * What a replay did.
 *
 * @param examined quarantined records in the range (and stage, if one was given)
 * @param replayed records that now pass and were written to the lake by this replay
 * @param stillInvalid records that still fail; they stay in the quarantine
 * @param alreadyReplayed records an earlier replay moved to the lake
 * @param notReplayable records that cannot be replayed: at stage envelope, base64 or
 * conflict (no event to validate again), without a usable publish time, or whose
 * oversized payload is stored only as a prefix
 * @param notReplayableReasons those records counted by reason
 * @param lakeObjects the lake objects this replay wrote
 * @param unreadable quarantine objects skipped because they could not be read (corrupt,
 * partial), each with the error; everything else was replayed
 */
public record ReplayResult(int examined, int replayed, int stillInvalid, int alreadyReplayed, int notReplayable,
		Map<String, Integer> notReplayableReasons, List<String> lakeObjects, List<String> unreadable) {
}
