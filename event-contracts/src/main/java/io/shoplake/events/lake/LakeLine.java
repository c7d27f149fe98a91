package io.shoplake.events.lake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

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

	private static final byte[] MESSAGE_ID_KEY = ascii("\"" + MESSAGE_ID + "\":");

	private static final byte[] PUBLISH_TIME_KEY = ascii(",\"" + PUBLISH_TIME + "\":\"");

	private static final byte[] DELIVERY_ATTEMPT_KEY = ascii("\",\"" + DELIVERY_ATTEMPT + "\":");

	private static final byte[] INGESTED_AT_KEY = ascii(",\"" + INGESTED_AT + "\":\"");

	private static final byte[] NULL = ascii("null");

	/**
	 * The ingestion fields' most bytes with a short message id: room enough for a line.
	 */
	private static final int TAIL_BYTES = 192;

	private LakeLine() {
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * The line for {@code eventJson} (one compact JSON object, no trailing newline),
	 * without a newline.
	 * @throws IllegalArgumentException if {@code eventJson} does not end with a closing
	 * brace
	 */
	public static byte[] of(byte[] eventJson, String messageId, Instant publishTime, Integer deliveryAttempt,
			Instant ingestedAt) {
		ByteArrayOutputStream line = new ByteArrayOutputStream(eventJson.length + TAIL_BYTES);
		write(line, eventJson, messageId, publishTime, deliveryAttempt, ingestedAt);
		return line.toByteArray();
	}

	/**
	 * Appends the line for {@code eventJson} to {@code out}, without a newline: what
	 * {@link #of} returns, written where an object's lines are gathered (no array per
	 * line).
	 * @throws IllegalArgumentException if {@code eventJson} does not end with a closing
	 * brace
	 */
	public static void write(ByteArrayOutputStream out, byte[] eventJson, String messageId, Instant publishTime,
			Integer deliveryAttempt, Instant ingestedAt) {
		int end = eventJson.length - 1;
		if (end < 1 || eventJson[end] != '}') {
			throw new IllegalArgumentException("not one compact JSON object");
		}
		out.write(eventJson, 0, end);
		if (eventJson[end - 1] != '{') {
			out.write(',');
		}
		out.writeBytes(MESSAGE_ID_KEY);
		writeQuoted(out, messageId);
		byte[] time = new byte[Timestamps.MAX_LENGTH];
		out.writeBytes(PUBLISH_TIME_KEY);
		out.write(time, 0, Timestamps.write(publishTime, time, 0));
		out.writeBytes(DELIVERY_ATTEMPT_KEY);
		out.writeBytes(String.valueOf(deliveryAttempt).getBytes(StandardCharsets.US_ASCII));
		out.writeBytes(INGESTED_AT_KEY);
		out.write(time, 0, Timestamps.write(ingestedAt, time, 0));
		out.write('"');
		out.write('}');
	}

	/** A JSON string of {@code text}: as is when nothing in it needs escaping. */
	private static void writeQuoted(ByteArrayOutputStream out, String text) {
		if (text == null) {
			out.writeBytes(NULL);
			return;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
				out.writeBytes(quoted(text).getBytes(StandardCharsets.UTF_8));
				return;
			}
		}
		out.write('"');
		out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
		out.write('"');
	}

	/** A JSON string of a message id (escaped: a message id is not ours to trust). */
	private static String quoted(String text) {
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
