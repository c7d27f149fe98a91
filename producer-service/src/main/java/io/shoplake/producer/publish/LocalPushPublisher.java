package io.shoplake.producer.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.shoplake.events.EventCodec;
import io.shoplake.events.push.PushMessage;
import io.shoplake.events.push.PushRequest;
import io.shoplake.producer.defects.OutgoingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for a Pub/Sub push subscription: posts the same envelope Pub/Sub
 * would to ingest's push endpoint, treats 102/200/201/202/204 as the ack (as Pub/Sub
 * does), and redelivers anything else, or a timeout, with exponential backoff and jitter
 * and an incremented {@code deliveryAttempt}; after the last attempt the envelope is
 * appended to a dead-letter file and the message counts as failed.
 */
public final class LocalPushPublisher implements MessagePublisher {

	private static final Logger log = LoggerFactory.getLogger(LocalPushPublisher.class);

	private final PublisherProperties.LocalPush config;

	private final HttpClient http;

	private final EventCodec codec;

	private final ScheduledExecutorService scheduler;

	public LocalPushPublisher(PublisherProperties.LocalPush config, HttpClient http, EventCodec codec,
			ScheduledExecutorService scheduler) {
		this.config = config;
		this.http = http;
		this.codec = codec;
		this.scheduler = scheduler;
	}

	@Override
	public CompletableFuture<Void> publish(OutgoingMessage message, Instant publishTime) {
		// Like Pub/Sub: one message id and publish time per publication, kept on
		// redelivery.
		PushMessage pushMessage = PushMessage.of(message.onTheWire().payload(), message.attributes(),
				UUID.randomUUID().toString(), publishTime);
		CompletableFuture<Void> acked = new CompletableFuture<>();
		deliver(pushMessage, 1, acked);
		return acked;
	}

	private void deliver(PushMessage message, int attempt, CompletableFuture<Void> acked) {
		PushRequest envelope = new PushRequest(message, this.config.subscription(), attempt);
		HttpRequest request = HttpRequest.newBuilder(this.config.url())
			.timeout(this.config.requestTimeout())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(this.codec.mapper().writeValueAsBytes(envelope)))
			.build();
		this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
			if (error == null && isAck(response.statusCode())) {
				acked.complete(null);
			}
			else if (attempt >= this.config.maxAttempts()) {
				deadLetter(envelope, (error != null) ? error.toString() : "HTTP " + response.statusCode(), acked);
			}
			else {
				this.scheduler.schedule(() -> deliver(message, attempt + 1, acked), backoff(attempt).toMillis(),
						TimeUnit.MILLISECONDS);
			}
		});
	}

	static boolean isAck(int status) {
		return status == 102 || status == 200 || status == 201 || status == 202 || status == 204;
	}

	/** Exponential in the attempt, capped, with full jitter over the upper half. */
	Duration backoff(int attempt) {
		long base = this.config.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
		long capped = Math.min(base, this.config.maxBackoff().toMillis());
		return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
	}

	private void deadLetter(PushRequest envelope, String reason, CompletableFuture<Void> acked) {
		try {
			synchronized (this) {
				Files.createDirectories(this.config.deadLetterFile().toAbsolutePath().getParent());
				byte[] line = (this.codec.mapper().writeValueAsString(envelope) + "\n")
					.getBytes(java.nio.charset.StandardCharsets.UTF_8);
				Files.write(this.config.deadLetterFile(), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			}
			log.warn("message dead-lettered messageId={} attempts={} reason={} file={}", envelope.message().messageId(),
					envelope.deliveryAttempt(), reason, this.config.deadLetterFile());
			acked.completeExceptionally(new DeadLetteredException(envelope.message().messageId(), reason));
		}
		catch (IOException ex) {
			acked.completeExceptionally(new UncheckedIOException("could not write the dead-letter file", ex));
		}
	}

	/**
	 * A message that exhausted its delivery attempts and went to the dead-letter file.
	 */
	public static final class DeadLetteredException extends RuntimeException {

		DeadLetteredException(String messageId, String reason) {
			super("message " + messageId + " dead-lettered after its last delivery attempt: " + reason);
		}

	}

}
