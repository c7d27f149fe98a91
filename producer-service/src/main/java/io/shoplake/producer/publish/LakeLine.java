package io.shoplake.producer.publish;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.shoplake.events.Timestamps;

/**
 * A lake line: the event's JSON with the ingestion fields {@code _message_id},
 * {@code _publish_time} and {@code _ingested_at} appended inside the object, as ingest
 * writes them. The codec's output is one compact object, so the fields are spliced in
 * before its closing brace without re-parsing.
 */
final class LakeLine {

	private LakeLine() {
	}

	static void write(ByteArrayOutputStream out, byte[] eventJson, String messageId, Instant publishTime,
			Instant ingestedAt) {
		out.write(eventJson, 0, eventJson.length - 1);
		byte[] tail = (",\"_message_id\":\"" + messageId + "\",\"_publish_time\":\"" + Timestamps.format(publishTime)
				+ "\",\"_ingested_at\":\"" + Timestamps.format(ingestedAt) + "\"}\n")
			.getBytes(StandardCharsets.UTF_8);
		out.write(tail, 0, tail.length);
	}

}
