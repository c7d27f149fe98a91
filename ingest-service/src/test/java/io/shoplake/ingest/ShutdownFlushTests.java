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
					"--shoplake.ingest.max-wait=1h");
		PageViewed event = IngestClient.pageView(Instant.parse("2026-11-24T09:59:59Z"));
		String envelope = IngestClient.envelope(new EventCodec().toBytes(event), "m-shutdown",
				Instant.parse("2026-11-24T10:00:00Z"));
		CompletableFuture<Void> pending = context.getBean(PushHandler.class)
			.handle(envelope.getBytes(StandardCharsets.UTF_8));
		assertThat(pending).as("buffered for an hour").isNotDone();
		assertThat(new FilesystemObjectStore(this.data.resolve("lake")).list("events")).isEmpty();
		context.close();
		pending.get(10, TimeUnit.SECONDS);
		assertThat(StoredLines.json(new FilesystemObjectStore(this.data.resolve("lake")), "events"))
			.extracting((line) -> line.get("event_id").stringValue())
			.containsExactly(event.eventId().toString());
	}

}
