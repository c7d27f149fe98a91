package io.shoplake.ingest.push;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.shoplake.events.validation.ValidationError;

/**
 * One line of the quarantine: everything needed to see why a message was rejected and to
 * replay it after a fix. Field names are the contract of the {@code failed/} objects.
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
record QuarantineRecord(String messageId, String subscription, Instant publishTime, Integer deliveryAttempt,
		Map<String, String> attributes, Instant receivedAt, String stage, List<Error> errors, String payloadBase64,
		String payloadText, String serviceRevision) {

	/**
	 * One error.
	 *
	 * @param path JSON Pointer of the offending value
	 * @param message what is wrong
	 */
	record Error(String path, String message) {

		static Error of(ValidationError error) {
			return new Error(error.path(), error.message());
		}

	}

}
