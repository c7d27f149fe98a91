package io.shoplake.ingest.lake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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

	private final List<Integer> flushed = Collections.synchronizedList(new ArrayList<>());

	@TempDir
	Path root;

	@AfterEach
	void stop() {
		this.flusher.shutdownNow();
	}

	@Test
	void aLineIsWrittenAtOnceWhenTheStoreIsIdle() throws Exception {
		ObjectStore store = new FilesystemObjectStore(this.root);
		GroupCommitWriter writer = writer(store, 1000, Duration.ofHours(1));
		writer.append(DAY, line(1)).get(10, TimeUnit.SECONDS);
		List<String> objects = store.list("events");
		assertThat(objects).singleElement()
			.asString()
			.matches("events/year=2026/month=11/day=25/part-test-00000001\\.ndjson\\.gz");
		assertThat(StoredLines.text(store, objects.get(0))).containsExactly("{\"n\":1}");
		assertThat(writer.append(DAY.minusDays(1), line(2))).as("another partition is idle too")
			.succeedsWithin(Duration.ofSeconds(10));
	}

	@Test
	void linesArrivingDuringAWriteFormTheNextObject() throws Exception {
		BlockingStore store = new BlockingStore(new FilesystemObjectStore(this.root));
		GroupCommitWriter writer = writer(store, 1000, Duration.ZERO);
		CompletableFuture<Void> first = writer.append(DAY, line(1));
		store.writing.await(10, TimeUnit.SECONDS);
		List<CompletableFuture<Void>> during = new ArrayList<>();
		for (int n = 2; n <= 4; n++) {
			during.add(writer.append(DAY, line(n)));
		}
		assertThat(first).isNotDone();
		assertThat(during).noneMatch(CompletableFuture::isDone);
		store.release.countDown();
		CompletableFuture.allOf(during.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		assertThat(first).isDone();
		assertThat(this.flushed).containsExactly(1, 3);
		assertThat(StoredLines.text(store, store.list("events").get(1))).containsExactly("{\"n\":2}", "{\"n\":3}",
				"{\"n\":4}");
	}

	@Test
	void aPartitionWaitsTheMinimumIntervalBetweenObjectsUnlessABatchIsFull() throws Exception {
		ObjectStore store = new FilesystemObjectStore(this.root);
		GroupCommitWriter writer = writer(store, 3, Duration.ofHours(1));
		writer.append(DAY, line(1)).get(10, TimeUnit.SECONDS);
		CompletableFuture<Void> waiting = writer.append(DAY, line(2));
		// The next write of the partition may start an hour after the first: the line
		// waits (what it waits for is the interval, not work: nothing else is pending).
		assertThat(store.list("events")).hasSize(1);
		assertThat(waiting).isNotDone();
		CompletableFuture<Void> third = writer.append(DAY, line(3));
		CompletableFuture<Void> fourth = writer.append(DAY, line(4));
		CompletableFuture.allOf(waiting, third, fourth).get(10, TimeUnit.SECONDS);
		assertThat(this.flushed).as("a full batch does not wait").containsExactly(1, 3);
		CompletableFuture<Void> fifth = writer.append(DAY, line(5));
		assertThat(fifth).isNotDone();
		writer.flushAll();
		assertThat(fifth).isDone();
		assertThat(this.flushed).containsExactly(1, 3, 1);
	}

	@Test
	void underLoadTheWritesOfAPartitionStartAtLeastTheIntervalApart() throws Exception {
		List<Long> starts = Collections.synchronizedList(new ArrayList<>());
		ObjectStore store = new RecordingStore(new FilesystemObjectStore(this.root), starts);
		Duration interval = Duration.ofMillis(40);
		GroupCommitWriter writer = writer(store, 1_000_000, interval);
		ExecutorService clients = Executors.newFixedThreadPool(8);
		List<CompletableFuture<Void>> lines = Collections.synchronizedList(new ArrayList<>());
		try {
			List<java.util.concurrent.Future<?>> done = new ArrayList<>();
			for (int client = 0; client < 8; client++) {
				int id = client;
				done.add(clients.submit(() -> {
					// Each client waits for its line before sending the next (as a push
					// connection does): 40 lines each.
					for (int n = 0; n < 40; n++) {
						CompletableFuture<Void> line = writer.append(DAY, line(id * 1000 + n));
						lines.add(line);
						line.join();
					}
				}));
			}
			for (java.util.concurrent.Future<?> client : done) {
				client.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(lines).hasSize(320).allMatch(CompletableFuture::isDone);
		assertThat(StoredLines.json(store, "events")).hasSize(320);
		List<Long> sorted = new ArrayList<>(starts);
		assertThat(sorted).hasSizeLessThan(320).hasSizeGreaterThan(1);
		for (int i = 1; i < sorted.size(); i++) {
			assertThat(sorted.get(i) - sorted.get(i - 1)).as("gap before write " + i)
				.isGreaterThanOrEqualTo(interval.toNanos() - TimeUnit.MILLISECONDS.toNanos(5));
		}
	}

	@Test
	void aFailedWriteFailsEveryLineOfItsBatchAndTheNextBatchStillWrites() throws Exception {
		FilesystemObjectStore disk = new FilesystemObjectStore(this.root);
		SwitchableObjectStore flaky = new SwitchableObjectStore(disk);
		flaky.down(true);
		GroupCommitWriter writer = writer(flaky, 2, Duration.ZERO);
		CompletableFuture<Void> a = writer.append(DAY, line(1));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> a.get(10, TimeUnit.SECONDS))
			.withStackTraceContaining("store unavailable");
		assertThat(disk.list("events")).isEmpty();
		flaky.down(false);
		CompletableFuture<Void> c = writer.append(DAY, line(3));
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

	private GroupCommitWriter writer(ObjectStore store, int maxLines, Duration minInterval) {
		return new GroupCommitWriter(store, "events", "test", maxLines, 1 << 20, minInterval, this.flusher,
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

	/** A store whose first write waits until the test releases it. */
	private static final class BlockingStore extends DelegatingStore {

		final CountDownLatch writing = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		private final AtomicBoolean first = new AtomicBoolean(true);

		BlockingStore(ObjectStore delegate) {
			super(delegate);
		}

		@Override
		public void create(String name, byte[] bytes) throws IOException {
			if (this.first.getAndSet(false)) {
				this.writing.countDown();
				try {
					this.release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			super.create(name, bytes);
		}

	}

	/** A store that records when each write starts. */
	private static final class RecordingStore extends DelegatingStore {

		private final List<Long> starts;

		RecordingStore(ObjectStore delegate, List<Long> starts) {
			super(delegate);
			this.starts = starts;
		}

		@Override
		public void create(String name, byte[] bytes) throws IOException {
			this.starts.add(System.nanoTime());
			super.create(name, bytes);
		}

	}

	private static class DelegatingStore implements ObjectStore {

		private final ObjectStore delegate;

		DelegatingStore(ObjectStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public void create(String name, byte[] bytes) throws IOException {
			this.delegate.create(name, bytes);
		}

		@Override
		public void checkWritable() throws IOException {
			this.delegate.checkWritable();
		}

		@Override
		public byte[] read(String name) throws IOException {
			return this.delegate.read(name);
		}

		@Override
		public java.util.List<String> list(String prefix) throws IOException {
			return this.delegate.list(prefix);
		}

	}

}
