package io.shoplake.events.lake;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.shoplake.events.validation.ValidationError;

/**
 * One line of the quarantine ({@code failed/} objects): everything needed to see why a
 * message was rejected and to replay it after a fix. Written by ingest with the event
 * codec (snake_case names), read by ingest's replayer and loaded by transform; the field
 * names below are the contract of the {@code failed/} objects.
 *
 * @param messageId bus message id, if the envelope had one
 * @param subscription subscription that delivered it
 * @param publishTime when the bus accepted it
 * @param deliveryAttempt delivery attempt, if the subscription counts them
 * @param attributes message attributes
 * @param receivedAt when ingest received it
 * @param stage envelope, base64, size, json, schema or semantic
 * @param errors what was wrong, each with a JSON Pointer path
 * @param payloadBase64 the payload (or the whole request body at stage envelope), base64
 * @param payloadText the same as text, when it is valid UTF-8
 * @param serviceRevision the ingest revision that rejected it
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record QuarantineRecord(String messageId, String subscription, Instant publishTime, Integer deliveryAttempt,
		Map<String, String> attributes, Instant receivedAt, String stage, List<Error> errors, String payloadBase64,
		String payloadText, String serviceRevision) {

	/** Field of the message id. */
	public static final String MESSAGE_ID = "message_id";

	/** Field of the publish time (null when the envelope had none). */
	public static final String PUBLISH_TIME = "publish_time";

	/** Field of the time ingest received the message. */
	public static final String RECEIVED_AT = "received_at";

	/** Field of the stage that rejected the message. */
	public static final String STAGE = "stage";

	/** Field of the message attributes. */
	public static final String ATTRIBUTES = "attributes";

	/** Attribute naming the event type, as the producer sets it. */
	public static final String EVENT_TYPE_ATTRIBUTE = "event_type";

	/**
	 * The partition a record goes to: its publish day, or the day it was received when
	 * the envelope had no publish time.
	 */
	public Instant partitionTime() {
		return (this.publishTime != null) ? this.publishTime : this.receivedAt;
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
