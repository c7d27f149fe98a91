package io.shoplake.producer.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.cloud.spring.pubsub.core.publisher.PubSubPublisherTemplate;
import com.google.cloud.spring.pubsub.support.CachingPublisherFactory;
import com.google.cloud.spring.pubsub.support.DefaultPublisherFactory;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import io.shoplake.events.SampleEventsForProducer;
import io.shoplake.producer.defects.OutgoingMessage;
import org.junit.jupiter.api.Test;
import org.testcontainers.gcloud.PubSubEmulatorContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Pub/Sub publisher against Google's Pub/Sub emulator, for machines with Docker
 * (skipped without it; {@link PubSubMessagePublisherTests} always runs): every message
 * published arrives on a subscription with its bytes and attributes.
 */
@Testcontainers(disabledWithoutDocker = true)
class PubSubEmulatorTests {

	private static final String PROJECT = "shoplake-test";

	@Container
	static final PubSubEmulatorContainer emulator = new PubSubEmulatorContainer(
			DockerImageName.parse("gcr.io/google.com/cloudsdktool/google-cloud-cli:emulators"));

	private final EventCodec codec = new EventCodec();

	@Test
	void everyPublishedMessageArrivesWithItsAttributes() throws Exception {
		ManagedChannel channel = ManagedChannelBuilder.forTarget(emulator.getEmulatorEndpoint()).usePlaintext().build();
		try {
			TransportChannelProvider channels = FixedTransportChannelProvider
				.create(GrpcTransportChannel.create(channel));
			CredentialsProvider none = NoCredentialsProvider.create();
			TopicName topic = TopicName.of(PROJECT, "ecommerce-events");
			SubscriptionName subscription = SubscriptionName.of(PROJECT, "check");
			try (TopicAdminClient topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
				.setTransportChannelProvider(channels)
				.setCredentialsProvider(none)
				.build());
					SubscriptionAdminClient subscriptions = SubscriptionAdminClient
						.create(SubscriptionAdminSettings.newBuilder()
							.setTransportChannelProvider(channels)
							.setCredentialsProvider(none)
							.build())) {
				topics.createTopic(topic);
				subscriptions.createSubscription(subscription, topic, PushConfig.getDefaultInstance(), 10);

				DefaultPublisherFactory factory = new DefaultPublisherFactory(() -> PROJECT);
				factory.setChannelProvider(channels);
				factory.setCredentialsProvider(none);
				PubSubMessagePublisher publisher = new PubSubMessagePublisher(
						new PubSubPublisherTemplate(new CachingPublisherFactory(factory)), "ecommerce-events");
				List<byte[]> sent = new ArrayList<>();
				List<CompletableFuture<Void>> acks = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					Event event = SampleEventsForProducer
						.pageView(Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i));
					byte[] payload = this.codec.toBytes(event);
					sent.add(payload);
					acks.add(publisher.publish(new OutgoingMessage(OutgoingMessage.Kind.VALID, payload, event, null,
							event.occurredAt(), false, Map.of("event_type", event.eventType())), event.occurredAt()));
				}
				CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

				List<ReceivedMessage> received = new ArrayList<>();
				await().atMost(Duration.ofSeconds(30)).until(() -> {
					PullResponse pulled = subscriptions.pull(subscription, 100);
					received.addAll(pulled.getReceivedMessagesList());
					return received.size() >= sent.size();
				});
				assertThat(received).extracting((m) -> m.getMessage().getData().toByteArray())
					.containsExactlyInAnyOrderElementsOf(sent);
				assertThat(received).allSatisfy((m) -> assertThat(m.getMessage().getAttributesMap())
					.containsEntry("event_type", "page_viewed"));
			}
		}
		finally {
			channel.shutdownNow();
		}
	}

}
