package io.shoplake.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.shoplake.events.EventCodec;
import io.shoplake.events.PageViewed;
import io.shoplake.ingest.push.PushHandler;
import io.shoplake.ingest.store.FilesystemObjectStore;
import io.shoplake.ingest.store.StoredLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing the application (what SIGTERM does) writes every buffered batch before the
 * process ends, and completes the pushes waiting on it.
 */
class ShutdownFlushTests {

	@TempDir
	Path data;

	@Test
	void closingWritesWhatIsBufferedAndAnswersItsPushes() throws Exception {
		ConfigurableApplicationContext context = IngestApplication.application()
			.run("--server.port=0", "--shoplake.ingest.lake-directory=" + this.data.resolve("lake"),
					"--shoplake.ingest.quarantine-directory=" + this.data.resolve("quarantine"),
					"--shoplake.ingest.min-interval=1h");
		PushHandler handler = context.getBean(PushHandler.class);
		// The first line of the partition is written at once (the store is idle); the
		// next may follow an hour later: it stays buffered.
		PageViewed first = IngestClient.pageView(Instant.parse("2026-11-24T09:59:58Z"));
		handler
			.handle(IngestClient
				.envelope(new EventCodec().toBytes(first), "m-first", Instant.parse("2026-11-24T10:00:00Z"))
				.getBytes(StandardCharsets.UTF_8))
			.get(10, TimeUnit.SECONDS);
		PageViewed event = IngestClient.pageView(Instant.parse("2026-11-24T09:59:59Z"));
		String envelope = IngestClient.envelope(new EventCodec().toBytes(event), "m-shutdown",
				Instant.parse("2026-11-24T10:00:00Z"));
		CompletableFuture<Void> pending = handler.handle(envelope.getBytes(StandardCharsets.UTF_8));
		assertThat(pending).as("buffered for an hour").isNotDone();
		assertThat(new FilesystemObjectStore(this.data.resolve("lake")).list("events")).hasSize(1);
		context.close();
		pending.get(10, TimeUnit.SECONDS);
		assertThat(StoredLines.json(new FilesystemObjectStore(this.data.resolve("lake")), "events"))
			.extracting((line) -> line.get("event_id").stringValue())
			.containsExactlyInAnyOrder(first.eventId().toString(), event.eventId().toString());
	}

}
