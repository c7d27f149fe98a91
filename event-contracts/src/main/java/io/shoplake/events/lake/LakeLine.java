package io.shoplake.events.lake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import io.shoplake.events.Timestamps;

/**
 * A lake line: the event's JSON exactly as published, with the ingestion fields
 * {@code _message_id}, {@code _publish_time}, {@code _delivery_attempt} and
 * {@code _ingested_at} appended inside the object (their types are
 * {@code LakeSchema.INGESTION_COLUMNS}). The event is one compact JSON object, so the
 * fields are spliced in before its closing brace without parsing it again.
 */
public final class LakeLine {

	/** Ingestion field: the bus's message id. */
	public static final String MESSAGE_ID = "_message_id";

	/** Ingestion field: when the bus accepted the message. */
	public static final String PUBLISH_TIME = "_publish_time";

	/**
	 * Ingestion field: the bus's delivery attempt (1 on first delivery), null when the
	 * bus does not count them (a push subscription without a dead-letter policy, the
	 * producer's file sink).
	 */
	public static final String DELIVERY_ATTEMPT = "_delivery_attempt";

	/** Ingestion field: when the line was written. */
	public static final String INGESTED_AT = "_ingested_at";

	private LakeLine() {
	}

	/**
	 * The line for {@code eventJson} (one compact JSON object, no trailing newline),
	 * without a newline.
	 * @throws IllegalArgumentException if {@code eventJson} does not end with a closing
	 * brace
	 */
	public static byte[] of(byte[] eventJson, String messageId, Instant publishTime, Integer deliveryAttempt,
			Instant ingestedAt) {
		int end = eventJson.length - 1;
		if (end < 1 || eventJson[end] != '}') {
			throw new IllegalArgumentException("not one compact JSON object");
		}
		byte[] tail = ((eventJson[end - 1] == '{') ? "" : ",").concat("\"" + MESSAGE_ID + "\":")
			.concat(quoted(messageId))
			.concat(",\"" + PUBLISH_TIME + "\":\"" + Timestamps.format(publishTime) + "\",\"" + DELIVERY_ATTEMPT + "\":"
					+ deliveryAttempt + ",\"" + INGESTED_AT + "\":\"" + Timestamps.format(ingestedAt) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		byte[] line = Arrays.copyOf(eventJson, end + tail.length);
		System.arraycopy(tail, 0, line, end, tail.length);
		return line;
	}

	/** A JSON string of a message id (escaped: a message id is not ours to trust). */
	private static String quoted(String text) {
		if (text == null) {
			return "null";
		}
		StringBuilder json = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"').toString();
	}

}
