package io.shoplake.producer.publish;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import com.google.cloud.spring.pubsub.core.publisher.PubSubPublisherOperations;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.shoplake.producer.defects.OutgoingMessage;

/**
 * Publishes to a Google Cloud Pub/Sub topic through Spring Cloud GCP's publisher, which
 * batches, applies flow control and retries retryable errors (UNAVAILABLE among them) as
 * configured by {@code spring.cloud.gcp.pubsub.publisher.*}. The message carries the
 * attributes {@code event_type} and {@code schema_version}; the future completes when
 * Pub/Sub has stored it.
 */
public final class PubSubMessagePublisher implements MessagePublisher {

	/**
	 * An oversized pill's padding, shared by every pill (a rope, not copied into each).
	 */
	private static final ByteString PADDING = ByteString.copyFrom(OutgoingMessage.padding());

	private final PubSubPublisherOperations publisher;

	private final String topic;

	public PubSubMessagePublisher(PubSubPublisherOperations publisher, String topic) {
		this.publisher = publisher;
		this.topic = topic;
	}

	@Override
	public CompletableFuture<Void> publish(OutgoingMessage message, Instant publishTime) {
		// Pub/Sub stamps its own publish time.
		byte[] payload = message.payload();
		ByteString data = message.unpadded() ? ByteString.copyFrom(payload, 0, message.paddedFrom()).concat(PADDING)
				: ByteString.copyFrom(payload);
		PubsubMessage pubsubMessage = PubsubMessage.newBuilder()
			.setData(data)
			.putAllAttributes(message.attributes())
			.build();
		return this.publisher.publish(this.topic, pubsubMessage).thenApply((messageId) -> null);
	}

}
