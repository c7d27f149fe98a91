package io.shoplake.producer.publish;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import io.shoplake.events.SampleEventsForProducer;
import io.shoplake.events.push.PushRequest;
import io.shoplake.producer.defects.OutgoingMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Against a real HTTP server on loopback that answers with scripted status codes. */
class LocalPushPublisherTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	private final EventCodec codec = new EventCodec();

	private final List<PushRequest> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger failuresLeft = new AtomicInteger();

	private HttpServer server;

	private ScheduledExecutorService scheduler;

	@TempDir
	Path folder;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/pubsub/push", (exchange) -> {
			this.received
				.add(this.codec.mapper().readValue(exchange.getRequestBody().readAllBytes(), PushRequest.class));
			int status = (this.failuresLeft.getAndDecrement() > 0) ? 503 : 204;
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.server.start();
		this.scheduler = Executors.newSingleThreadScheduledExecutor();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
		this.scheduler.shutdownNow();
	}

	@Test
	void postsThePushEnvelopeAndRedeliversUntilAcked() throws Exception {
		this.failuresLeft.set(2);
		Event event = SampleEventsForProducer.pageView(NOW.minusSeconds(5));
		publisher(5).publish(message(event), event.occurredAt()).get(10, TimeUnit.SECONDS);
		assertThat(this.received).hasSize(3);
		assertThat(this.received).extracting(PushRequest::deliveryAttempt).containsExactly(1, 2, 3);
		assertThat(this.received).extracting((r) -> r.message().messageId())
			.containsOnly(this.received.get(0).message().messageId());
		PushRequest last = this.received.get(2);
		assertThat(last.subscription()).isEqualTo("projects/local/subscriptions/test");
		assertThat(last.message().publishTime()).as("the publish time it was given").isEqualTo(event.occurredAt());
		assertThat(last.message().attributes()).containsEntry("event_type", "page_viewed");
		assertThat(this.codec.fromBytes(last.message().decodedData())).isEqualTo(event);
	}

	@Test
	void deadLettersAfterTheLastAttemptAndFails() throws Exception {
		this.failuresLeft.set(100);
		CompletableFuture<Void> result = publisher(3)
			.publish(message(SampleEventsForProducer.pageView(NOW.minusSeconds(5))), NOW);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(LocalPushPublisher.DeadLetteredException.class);
		assertThat(this.received).hasSize(3);
		List<String> deadLetters = Files.readAllLines(this.folder.resolve("dead-letter.ndjson"));
		assertThat(deadLetters).hasSize(1);
		PushRequest dead = this.codec.mapper().readValue(deadLetters.get(0), PushRequest.class);
		assertThat(dead.deliveryAttempt()).isEqualTo(3);
		assertThat(dead.message().messageId()).isEqualTo(this.received.get(0).message().messageId());
	}

	@Test
	void backoffGrowsExponentiallyWithinItsCap() {
		LocalPushPublisher publisher = publisher(10);
		for (int attempt = 1; attempt <= 8; attempt++) {
			long ceiling = Math.min(10L << (attempt - 1), 200);
			assertThat(publisher.backoff(attempt).toMillis()).isBetween(ceiling / 2, ceiling);
		}
		assertThat(LocalPushPublisher.isAck(204)).isTrue();
		assertThat(LocalPushPublisher.isAck(102)).isTrue();
		assertThat(LocalPushPublisher.isAck(400)).isFalse();
		assertThat(LocalPushPublisher.isAck(503)).isFalse();
	}

	private LocalPushPublisher publisher(int maxAttempts) {
		PublisherProperties.LocalPush config = new PublisherProperties.LocalPush(
				URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/pubsub/push"),
				"projects/local/subscriptions/test", maxAttempts, Duration.ofMillis(10), Duration.ofMillis(200),
				Duration.ofSeconds(5), this.folder.resolve("dead-letter.ndjson"));
		return new LocalPushPublisher(config, HttpClient.newHttpClient(), this.codec, this.scheduler);
	}

	private OutgoingMessage message(Event event) {
		return new OutgoingMessage(OutgoingMessage.Kind.VALID, this.codec.toBytes(event), event, null,
				event.occurredAt(), false, Map.of("event_type", event.eventType()));
	}

}
