package io.shoplake.events.push;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of a Pub/Sub push request, and of the local stand-in's requests, which post the
 * same envelope so ingest cannot tell the two apart.
 *
 * @param message the message
 * @param subscription full subscription name, e.g.
 * {@code projects/p/subscriptions/ecommerce-events-push}
 * @param deliveryAttempt 1 on first delivery; present only when the subscription has a
 * dead-letter policy
 */
// Google may add envelope fields at any time: ignoring unknown ones keeps a new field
// from sending every message to the quarantine (the payload itself is validated
// strictly).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushRequest(@JsonProperty("message") PushMessage message,
		@JsonProperty("subscription") String subscription,
		@JsonProperty("deliveryAttempt") @JsonAlias("delivery_attempt") Integer deliveryAttempt) {

}
