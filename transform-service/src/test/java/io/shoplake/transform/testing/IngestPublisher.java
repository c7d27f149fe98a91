package io.shoplake.transform.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shoplake.events.EventCodec;
import io.shoplake.events.push.PushMessage;
import io.shoplake.events.push.PushRequest;
import io.shoplake.events.validation.EventValidator;
import io.shoplake.ingest.IngestProperties;
import io.shoplake.ingest.lake.GroupCommitWriter;
import io.shoplake.ingest.push.PushHandler;
import io.shoplake.ingest.store.FilesystemObjectStore;
import io.shoplake.producer.defects.OutgoingMessage;
import io.shoplake.producer.publish.MessagePublisher;

/**
 * The producer's messages pushed through ingest's real push path (envelope, validation,
 * dedupe, group-commit lake and quarantine writers on folders), in process: a lake and a
 * quarantine exactly as the running platform makes them, poison pills included.
 */
public final class IngestPublisher implements MessagePublisher, AutoCloseable {

	private final EventCodec codec = new EventCodec();

	private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor();

	private final GroupCommitWriter lake;

	private final GroupCommitWriter quarantine;

	private final PushHandler handler;

	public IngestPublisher(Path lakeDirectory, Path quarantineDirectory) {
		IngestProperties properties = new IngestProperties(IngestProperties.Store.FILESYSTEM, lakeDirectory,
				quarantineDirectory, null, null, IngestProperties.Commit.GROUP, 500, 8 << 20, Duration.ofMillis(20),
				1 << 20, 14 << 20, Duration.ofSeconds(30), 0, 100_000, "test", false);
		GroupCommitWriter.FlushListener quiet = new GroupCommitWriter.FlushListener() {

			@Override
			public void written(int lines, long bytes, long nanos) {
			}

			@Override
			public void failed(int lines, Exception cause) {
			}

		};
		String instance = UUID.randomUUID().toString().substring(0, 8);
		this.lake = new GroupCommitWriter(new FilesystemObjectStore(lakeDirectory), "events", instance, 500, 8 << 20,
				Duration.ofMillis(20), this.flusher, quiet);
		this.quarantine = new GroupCommitWriter(new FilesystemObjectStore(quarantineDirectory), "failed", instance, 500,
				8 << 20, Duration.ofMillis(20), this.flusher, quiet);
		this.handler = new PushHandler(this.codec, new EventValidator(this.codec, Clock.systemUTC()), this.lake,
				this.quarantine, Clock.systemUTC(), properties, new SimpleMeterRegistry());
	}

	@Override
	public CompletableFuture<Void> publish(OutgoingMessage message, Instant publishTime) {
		PushRequest request = new PushRequest(PushMessage.of(message.onTheWire().payload(), message.attributes(),
				UUID.randomUUID().toString(), publishTime), "projects/test/subscriptions/push", 1);
		return this.handler.handle(this.codec.mapper().writeValueAsBytes(request));
	}

	@Override
	public void flush() {
		for (GroupCommitWriter writer : List.of(this.lake, this.quarantine)) {
			writer.flushAll();
		}
	}

	@Override
	public void close() {
		flush();
		this.flusher.shutdown();
	}

}
