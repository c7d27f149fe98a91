package io.shoplake.events.lake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.shoplake.events.Sha256;
import io.shoplake.events.validation.ValidationError;

/**
 * One line of the quarantine ({@code failed/} objects): everything needed to see why a
 * message was rejected and to replay it after a fix. Written by ingest with the event
 * codec (snake_case names), read by ingest's replayer and loaded by transform; the field
 * names below are the contract of the {@code failed/} objects.
 * <p>
 * A record is bounded whatever it holds ({@link #of}): a payload up to
 * {@link #MAX_STORED_PAYLOAD_BYTES} is kept whole, a larger one as its first
 * {@link #TRUNCATED_PREFIX_BYTES} with its length and SHA-256 (and cannot be replayed);
 * errors, attributes and ids are cut to Pub/Sub's own limits. A serialized record is
 * therefore at most {@link #MAX_LINE_BYTES}, well under what DuckDB (16 MB per JSON
 * object by default) and BigQuery (100 MB per row) read.
 *
 * @param messageId bus message id, if the envelope had one
 * @param subscription subscription that delivered it
 * @param publishTime when the bus accepted it; null when the envelope had none or one
 * outside the contract's time window
 * @param deliveryAttempt delivery attempt, if the subscription counts them
 * @param attributes message attributes
 * @param receivedAt when ingest received it
 * @param stage envelope, base64, size, json, schema, semantic or conflict
 * @param errors what was wrong, each with a JSON Pointer path
 * @param payloadBase64 the payload (or the whole request body at stage envelope), base64;
 * its first {@link #TRUNCATED_PREFIX_BYTES} when {@code payloadTruncated}
 * @param payloadText the same as text, when it is valid UTF-8
 * @param payloadBytes length of the whole payload
 * @param payloadSha256 SHA-256 of the whole payload, hex
 * @param payloadTruncated whether only a prefix of the payload is stored
 * @param serviceRevision the ingest revision that rejected it
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record QuarantineRecord(String messageId, String subscription, Instant publishTime, Integer deliveryAttempt,
		Map<String, String> attributes, Instant receivedAt, String stage, List<Error> errors, String payloadBase64,
		String payloadText, long payloadBytes, String payloadSha256, boolean payloadTruncated, String serviceRevision) {

	/** Field of the message id. */
	public static final String MESSAGE_ID = "message_id";

	/** Field of the publish time (null when the envelope had none). */
	public static final String PUBLISH_TIME = "publish_time";

	/** Field of the delivery attempt (null when the subscription does not count them). */
	public static final String DELIVERY_ATTEMPT = "delivery_attempt";

	/** Field of the time ingest received the message. */
	public static final String RECEIVED_AT = "received_at";

	/** Field of the stage that rejected the message. */
	public static final String STAGE = "stage";

	/** Field of the message attributes. */
	public static final String ATTRIBUTES = "attributes";

	/** Field of the stored payload, base64. */
	public static final String PAYLOAD_BASE64 = "payload_base64";

	/** Field saying only a prefix of the payload is stored. */
	public static final String PAYLOAD_TRUNCATED = "payload_truncated";

	/** Attribute naming the event type, as the producer sets it. */
	public static final String EVENT_TYPE_ATTRIBUTE = "event_type";

	/** Largest payload stored whole (1 MiB, ingest's default message limit). */
	public static final int MAX_STORED_PAYLOAD_BYTES = 1_048_576;

	/** What is kept of a larger payload. */
	public static final int TRUNCATED_PREFIX_BYTES = 65_536;

	/** Errors kept per record; the last one says how many more there were. */
	public static final int MAX_ERRORS = 100;

	/** Characters kept of an error's path or message, an id or the subscription. */
	public static final int MAX_TEXT_CHARS = 1_024;

	/** Attributes kept, and the longest key: Pub/Sub's own limits. */
	public static final int MAX_ATTRIBUTES = 100;

	/** Longest attribute key kept (Pub/Sub: 256 bytes). */
	public static final int MAX_ATTRIBUTE_KEY_CHARS = 256;

	/**
	 * The most a serialized record can take: the payload in base64 and as text (each
	 * character escaped at most to 6), errors, attributes and ids at their limits.
	 */
	public static final int MAX_LINE_BYTES = 10 * 1_048_576;

	/**
	 * A record of {@code payload}, bounded as the class describes: anything cut is said
	 * in an error.
	 */
	public static QuarantineRecord of(String messageId, String subscription, Instant publishTime,
			Integer deliveryAttempt, Map<String, String> attributes, Instant receivedAt, String stage,
			List<Error> errors, byte[] payload, String serviceRevision) {
		List<Error> kept = new ArrayList<>();
		for (Error error : errors) {
			if (kept.size() == MAX_ERRORS - 1 && errors.size() > MAX_ERRORS) {
				kept.add(new Error("", (errors.size() - kept.size()) + " more errors not stored"));
				break;
			}
			kept.add(new Error(cut(error.path(), MAX_TEXT_CHARS), cut(error.message(), MAX_TEXT_CHARS)));
		}
		Map<String, String> keptAttributes = new LinkedHashMap<>();
		int droppedAttributes = 0;
		for (Map.Entry<String, String> attribute : (attributes != null) ? attributes.entrySet()
				: Map.<String, String>of().entrySet()) {
			if (keptAttributes.size() < MAX_ATTRIBUTES && attribute.getKey() != null) {
				keptAttributes.put(cut(attribute.getKey(), MAX_ATTRIBUTE_KEY_CHARS),
						cut(attribute.getValue(), MAX_TEXT_CHARS));
			}
			else {
				droppedAttributes++;
			}
		}
		if (droppedAttributes > 0) {
			kept.add(new Error("/message/attributes",
					droppedAttributes + " attributes not stored (at most " + MAX_ATTRIBUTES + " are kept)"));
		}
		boolean truncated = payload.length > MAX_STORED_PAYLOAD_BYTES;
		byte[] stored = truncated ? Arrays.copyOf(payload, TRUNCATED_PREFIX_BYTES) : payload;
		if (truncated) {
			kept.add(new Error("", "payload of " + payload.length + " bytes stored as its first "
					+ TRUNCATED_PREFIX_BYTES + " bytes, with its length and SHA-256; it cannot be replayed"));
		}
		return new QuarantineRecord(cut(messageId, MAX_TEXT_CHARS), cut(subscription, MAX_TEXT_CHARS), publishTime,
				deliveryAttempt, keptAttributes, receivedAt, stage, List.copyOf(kept),
				Base64.getEncoder().encodeToString(stored), truncated ? null : utf8(stored), payload.length,
				Sha256.hex(payload), truncated, serviceRevision);
	}

	/**
	 * The partition a record goes to: its publish day, or the day it was received when
	 * the envelope had no (acceptable) publish time.
	 */
	public Instant partitionTime() {
		return (this.publishTime != null) ? this.publishTime : this.receivedAt;
	}

	private static String cut(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max) + "…";
	}

	private static String utf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	/**
	 * One error.
	 *
	 * @param path JSON Pointer of the offending value
	 * @param message what is wrong
	 */
	public record Error(String path, String message) {

		public static Error of(ValidationError error) {
			return new Error(error.path(), error.message());
		}

	}

}
