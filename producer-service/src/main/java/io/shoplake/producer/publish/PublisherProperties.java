package io.shoplake.producer.publish;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which publisher the producer uses and how each one behaves.
 *
 * @param publisher {@code local-push} (default), {@code pubsub} or {@code file}; an
 * unknown value stops start-up
 * @param maxInFlight messages published but not yet acknowledged before generation waits
 * (backpressure); 256 suits local push, where every message waits for ingest's group
 * commit (on the local stack 256 in flight acknowledged more per second than 2,000, as
 * thousands of connections contend inside Tomcat); the gcp profile raises it for Pub/Sub
 * @param localPush settings of the local push delivery
 * @param file settings of the file sink
 * @param pubsub settings of the Pub/Sub publisher
 */
@Validated
@ConfigurationProperties("shoplake.producer")
public record PublisherProperties(@DefaultValue("local-push") @NotNull Kind publisher,
		@DefaultValue("256") @Min(1) int maxInFlight, @Valid @DefaultValue LocalPush localPush,
		@Valid @DefaultValue File file, @Valid @DefaultValue PubSub pubsub) {

	/** The publishers there are. */
	public enum Kind {

		/**
		 * Pub/Sub push envelopes posted to ingest, with retries and a dead-letter file.
		 */
		LOCAL_PUSH,
		/** Google Cloud Pub/Sub. */
		PUBSUB,
		/** Straight into a lake folder, in the lake layout. */
		FILE

	}

	/**
	 * The local stand-in for a Pub/Sub push subscription.
	 *
	 * @param url ingest's push endpoint
	 * @param subscription subscription name written into every envelope
	 * @param maxAttempts deliveries before a message goes to the dead-letter file
	 * @param initialBackoff wait before the first redelivery; doubles each time, with
	 * jitter
	 * @param maxBackoff longest wait between deliveries
	 * @param requestTimeout how long one delivery may take
	 * @param deadLetterFile where messages that exhausted their attempts are appended
	 * (one JSON envelope per line)
	 */
	public record LocalPush(@DefaultValue("http://localhost:8082/pubsub/push") @NotNull URI url,
			@DefaultValue("projects/local/subscriptions/ecommerce-events-push") String subscription,
			@DefaultValue("8") @Min(1) int maxAttempts, @DefaultValue("100ms") Duration initialBackoff,
			@DefaultValue("10s") Duration maxBackoff, @DefaultValue("30s") Duration requestTimeout,
			@DefaultValue("data/producer/dead-letter.ndjson") Path deadLetterFile) {
	}

	/**
	 * The file sink.
	 *
	 * @param lakeDirectory root of the lake ({@code events/year=.../} is created below
	 * it)
	 * @param eventsPerObject events per written object at most
	 */
	public record File(@DefaultValue("data/lake") Path lakeDirectory,
			@DefaultValue("50000") @Min(1) int eventsPerObject) {
	}

	/**
	 * The Pub/Sub publisher (batching, flow control and retries are Spring Cloud GCP's
	 * {@code spring.cloud.gcp.pubsub.publisher.*} properties).
	 *
	 * @param topic topic name
	 */
	public record PubSub(@DefaultValue("ecommerce-events") String topic) {
	}

}
