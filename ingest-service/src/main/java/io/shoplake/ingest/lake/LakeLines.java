package io.shoplake.ingest.lake;

import java.time.Instant;

import io.shoplake.events.Timestamps;
import tools.jackson.databind.node.ObjectNode;

/**
 * The lake's line: the event as it was published plus the ingestion fields
 * {@code _message_id}, {@code _publish_time} and {@code _ingested_at} (DESIGN.md "Lake
 * layout").
 */
public final class LakeLines {

	private LakeLines() {
	}

	/** Adds the ingestion fields to {@code event} and returns it. */
	public static ObjectNode of(ObjectNode event, String messageId, Instant publishTime, Instant ingestedAt) {
		event.put("_message_id", messageId);
		event.put("_publish_time", Timestamps.format(publishTime));
		event.put("_ingested_at", Timestamps.format(ingestedAt));
		return event;
	}

}
