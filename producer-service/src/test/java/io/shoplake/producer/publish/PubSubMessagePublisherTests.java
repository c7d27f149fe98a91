package io.shoplake.producer.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.spring.pubsub.core.publisher.PubSubPublisherTemplate;
import com.google.cloud.spring.pubsub.support.CachingPublisherFactory;
import com.google.cloud.spring.pubsub.support.DefaultPublisherFactory;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PublishResponse;
import com.google.pubsub.v1.PublisherGrpc;
import com.google.pubsub.v1.PubsubMessage;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import io.shoplake.events.SampleEventsForProducer;
import io.shoplake.producer.defects.OutgoingMessage;
import io.shoplake.producer.defects.PoisonKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through Spring Cloud GCP's real publisher (Google's client underneath) to an in-process
 * gRPC Pub/Sub server that fails its first call with UNAVAILABLE.
 */
class PubSubMessagePublisherTests {

	private final EventCodec codec = new EventCodec();

	private final List<PublishRequest> calls = new CopyOnWriteArrayList<>();

	private final AtomicInteger failuresLeft = new AtomicInteger(1);

	private Server server;

	private ManagedChannel channel;

	private PubSubPublisherTemplate template;

	@BeforeEach
	void start() throws Exception {
		String name = InProcessServerBuilder.generateName();
		this.server = InProcessServerBuilder.forName(name)
			.directExecutor()
			.addService(new PublisherGrpc.PublisherImplBase() {

				@Override
				public void publish(PublishRequest request, StreamObserver<PublishResponse> response) {
					PubSubMessagePublisherTests.this.calls.add(request);
					if (PubSubMessagePublisherTests.this.failuresLeft.getAndDecrement() > 0) {
						response.onError(Status.UNAVAILABLE.withDescription("try again").asRuntimeException());
						return;
					}
					PublishResponse.Builder ids = PublishResponse.newBuilder();
					for (int i = 0; i < request.getMessagesCount(); i++) {
						ids.addMessageIds("m-" + PubSubMessagePublisherTests.this.calls.size() + "-" + i);
					}
					response.onNext(ids.build());
					response.onCompleted();
				}

			})
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
		DefaultPublisherFactory factory = new DefaultPublisherFactory(() -> "test-project");
		factory.setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(this.channel)));
		factory.setCredentialsProvider(NoCredentialsProvider.create());
		factory.setBatchingSettings(BatchingSettings.newBuilder()
			.setIsEnabled(true)
			.setElementCountThreshold(10L)
			.setRequestByteThreshold(1_000_000L)
			.setDelayThresholdDuration(Duration.ofMillis(20))
			.build());
		factory.setRetrySettings(RetrySettings.newBuilder()
			.setInitialRetryDelayDuration(Duration.ofMillis(5))
			.setMaxRetryDelayDuration(Duration.ofMillis(50))
			.setRetryDelayMultiplier(2)
			.setInitialRpcTimeoutDuration(Duration.ofSeconds(5))
			.setMaxRpcTimeoutDuration(Duration.ofSeconds(5))
			.setRpcTimeoutMultiplier(1)
			.setTotalTimeoutDuration(Duration.ofSeconds(20))
			.build());
		// As the auto-configuration does: one cached publisher per topic, so batches
		// form.
		this.template = new PubSubPublisherTemplate(new CachingPublisherFactory(factory));
	}

	@AfterEach
	void stop() {
		this.channel.shutdownNow();
		this.server.shutdownNow();
	}

	@Test
	void publishesEveryMessageWithAttributesInBatchesRetryingUnavailable() throws Exception {
		List<OutgoingMessage> messages = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			messages.add(pageView(i));
		}
		publishAll(messages);

		List<PublishRequest> succeeded = this.calls.subList(1, this.calls.size());
		assertThat(this.calls.get(0).getTopic()).isEqualTo("projects/test-project/topics/ecommerce-events");
		assertThat(succeeded).as(this.calls.stream().map((c) -> c.getMessagesCount()).toList().toString())
			.hasSizeBetween(3, 10);
		List<PubsubMessage> delivered = succeeded.stream().flatMap((call) -> call.getMessagesList().stream()).toList();
		assertThat(delivered).hasSize(25);
		assertThat(delivered).extracting((m) -> m.getData().toByteArray())
			.containsExactlyInAnyOrderElementsOf(messages.stream().map(OutgoingMessage::payload).toList());
		assertThat(delivered).allSatisfy((m) -> assertThat(m.getAttributesMap())
			.containsExactlyInAnyOrderEntriesOf(Map.of("event_type", "page_viewed", "schema_version", "1")));
		assertThat(this.calls.get(0).getMessagesList()).isNotEmpty()
			.allSatisfy((failed) -> assertThat(delivered).contains(failed));
	}

	@Test
	void sendsAnOversizedPillPaddedBesideItsNeighboursUnchanged() throws Exception {
		List<OutgoingMessage> messages = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			// As the injector draws them: a valid event, then an oversized pill of it.
			OutgoingMessage message = pageView(i);
			messages.add(message);
			messages.add(new OutgoingMessage(OutgoingMessage.Kind.POISON, message.payload(), message.event(),
					PoisonKind.OVERSIZED, message.publishAt(), false, message.attributes()));
		}
		publishAll(messages);

		List<byte[]> delivered = this.calls.subList(1, this.calls.size())
			.stream()
			.flatMap((call) -> call.getMessagesList().stream())
			.map((m) -> m.getData().toByteArray())
			.toList();
		assertThat(delivered).containsExactlyInAnyOrderElementsOf(
				messages.stream().map((message) -> message.onTheWire().payload()).toList());
		assertThat(delivered).filteredOn((data) -> data.length > 1024 * 1024).hasSize(3);
		assertThat(messages).filteredOn(OutgoingMessage::unpadded).hasSize(3);
	}

	/** Publishes {@code messages} in order and waits until every one is acknowledged. */
	private void publishAll(List<OutgoingMessage> messages) throws Exception {
		PubSubMessagePublisher publisher = new PubSubMessagePublisher(this.template, "ecommerce-events");
		List<CompletableFuture<Void>> acks = new ArrayList<>();
		for (OutgoingMessage message : messages) {
			acks.add(publisher.publish(message, message.publishAt()));
		}
		CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
	}

	/** A valid page view {@code second} seconds into the test's minute, as drawn. */
	private OutgoingMessage pageView(int second) {
		Event event = SampleEventsForProducer.pageView(Instant.parse("2026-11-25T10:00:00Z").plusSeconds(second));
		return new OutgoingMessage(OutgoingMessage.Kind.VALID, this.codec.toBytes(event), event, null,
				event.occurredAt(), false, Map.of("event_type", event.eventType(), "schema_version", "1"));
	}

}
