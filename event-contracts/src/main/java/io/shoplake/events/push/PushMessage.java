package io.shoplake.events.push;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code message} of a Pub/Sub push request. Pub/Sub sends each of
 * {@code messageId}/{@code message_id} and {@code publishTime}/{@code publish_time}
 * (often both); either spelling is accepted, the camelCase one is written.
 *
 * @param data base64 of the payload (standard alphabet, padded); may be absent
 * @param attributes message attributes, e.g. {@code event_type}
 * @param messageId id assigned by the bus; the same on every redelivery
 * @param publishTime when the bus accepted the message; the same on every redelivery
 * @param orderingKey ordering key, if the publisher set one
 */
// Google may add envelope fields at any time: ignoring unknown ones keeps a new field
// from sending every message to the quarantine (the payload itself is validated
// strictly).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushMessage(@JsonProperty("data") String data, @JsonProperty("attributes") Map<String, String> attributes,
		@JsonProperty("messageId") @JsonAlias("message_id") String messageId,
		@JsonProperty("publishTime") @JsonAlias("publish_time") Instant publishTime,
		@JsonProperty("orderingKey") @JsonAlias("ordering_key") String orderingKey) {

	public PushMessage {
		attributes = (attributes != null) ? Map.copyOf(attributes) : Map.of();
	}

	/** A message carrying {@code payload}, as a publisher would send it. */
	public static PushMessage of(byte[] payload, Map<String, String> attributes, String messageId,
			Instant publishTime) {
		return new PushMessage(Base64.getEncoder().encodeToString(payload), attributes, messageId, publishTime, null);
	}

	/**
	 * The payload bytes; empty when {@code data} is absent.
	 * @throws IllegalArgumentException if {@code data} is not valid base64
	 */
	public byte[] decodedData() {
		return (this.data != null) ? Base64.getDecoder().decode(this.data) : new byte[0];
	}

}
