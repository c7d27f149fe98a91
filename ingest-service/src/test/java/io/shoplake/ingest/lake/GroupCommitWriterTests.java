package io.shoplake.ingest.lake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.shoplake.ingest.store.FilesystemObjectStore;
import io.shoplake.ingest.store.ObjectStore;
import io.shoplake.ingest.store.StoredLines;
import io.shoplake.ingest.store.SwitchableObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GroupCommitWriterTests {

	private static final LocalDate DAY = LocalDate.of(2026, 11, 25);

	private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor();

	private final List<Integer> flushed = new ArrayList<>();

	@TempDir
	Path root;

	@AfterEach
	void stop() {
		this.flusher.shutdownNow();
	}

	@Test
	void aFullBatchIsOneObjectAndEveryLineIsAckedOnlyAfterIt() throws Exception {
		ObjectStore store = new FilesystemObjectStore(this.root);
		GroupCommitWriter writer = writer(store, 3, Duration.ofHours(1));
		CompletableFuture<Void> first = writer.append(DAY, line(1));
		CompletableFuture<Void> second = writer.append(DAY, line(2));
		assertThat(first).isNotDone();
		assertThat(store.list("events")).isEmpty();
		CompletableFuture<Void> third = writer.append(DAY, line(3));
		CompletableFuture.allOf(first, second, third).get(10, TimeUnit.SECONDS);
		List<String> objects = store.list("events");
		assertThat(objects).singleElement()
			.asString()
			.matches("events/year=2026/month=11/day=25/part-test-00000001\\.ndjson\\.gz");
		assertThat(StoredLines.text(store, objects.get(0))).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
		assertThat(this.flushed).containsExactly(3);
	}

	@Test
	void aPartialBatchIsWrittenAfterMaxWaitPerPartition() throws Exception {
		ObjectStore store = new FilesystemObjectStore(this.root);
		GroupCommitWriter writer = writer(store, 1000, Duration.ofMillis(50));
		CompletableFuture<Void> today = writer.append(DAY, line(1));
		CompletableFuture<Void> yesterday = writer.append(DAY.minusDays(1), line(2));
		CompletableFuture.allOf(today, yesterday).get(10, TimeUnit.SECONDS);
		assertThat(store.list("events")).hasSize(2)
			.anyMatch((name) -> name.contains("day=24"))
			.anyMatch((name) -> name.contains("day=25"));
	}

	@Test
	void aFailedWriteFailsEveryLineOfTheBatchAndTheNextBatchStillWrites() throws Exception {
		FilesystemObjectStore disk = new FilesystemObjectStore(this.root);
		SwitchableObjectStore flaky = new SwitchableObjectStore(disk);
		flaky.down(true);
		GroupCommitWriter writer = writer(flaky, 2, Duration.ofHours(1));
		CompletableFuture<Void> a = writer.append(DAY, line(1));
		CompletableFuture<Void> b = writer.append(DAY, line(2));
		// The flusher fails the batch's futures one after the other: wait for each.
		for (CompletableFuture<Void> line : List.of(a, b)) {
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> line.get(10, TimeUnit.SECONDS))
				.withStackTraceContaining("store unavailable");
		}
		assertThat(disk.list("events")).isEmpty();
		flaky.down(false);
		CompletableFuture<Void> c = writer.append(DAY, line(3));
		writer.flushAll();
		c.get(10, TimeUnit.SECONDS);
		assertThat(StoredLines.text(disk, disk.list("events").get(0))).containsExactly("{\"n\":3}");
	}

	@Test
	void objectsAreNeverOverwritten() throws IOException {
		ObjectStore store = new FilesystemObjectStore(this.root);
		store.create("events/a.ndjson.gz", new byte[] { 1 });
		assertThatExceptionOfType(ObjectStore.ObjectExistsException.class)
			.isThrownBy(() -> store.create("events/a.ndjson.gz", new byte[] { 2 }));
		assertThat(store.read("events/a.ndjson.gz")).containsExactly(1);
	}

	private GroupCommitWriter writer(ObjectStore store, int maxLines, Duration maxWait) {
		return new GroupCommitWriter(store, "events", "test", maxLines, 1 << 20, maxWait, this.flusher,
				new GroupCommitWriter.FlushListener() {

					@Override
					public void written(int lines, long bytes, long nanos) {
						GroupCommitWriterTests.this.flushed.add(lines);
					}

					@Override
					public void failed(int lines, Exception cause) {
					}

				});
	}

	private static byte[] line(int n) {
		return ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
	}

}
