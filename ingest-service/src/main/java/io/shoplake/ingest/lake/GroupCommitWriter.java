package io.shoplake.ingest.lake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.shoplake.events.lake.LakeLayout;
import io.shoplake.events.lake.NdjsonGzip;
import io.shoplake.ingest.store.ObjectStore;

/**
 * Group commit: lines are buffered per partition and written as one gzip NDJSON object
 * when a batch reaches {@code maxLines} lines or {@code maxBytes} bytes, or
 * {@code maxWait} after its first line. Each line's future completes only after the
 * object holding it is durable in the store, and fails if the write fails (the caller
 * then answers 503 and the bus redelivers). Objects are named
 * {@code part-<instance>-<seq>.ndjson.gz}, unique per writer instance. Writes run on the
 * scheduler's thread, never on a request thread.
 */
public final class GroupCommitWriter implements LineWriter {

	private final ObjectStore store;

	private final String prefix;

	private final String instance;

	private final int maxLines;

	private final int maxBytes;

	private final Duration maxWait;

	private final ScheduledExecutorService flusher;

	private final Map<LocalDate, Batch> batches = new HashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	private final FlushListener listener;

	/**
	 * @param store where objects go
	 * @param prefix top folder, e.g. {@code events} or {@code failed}
	 * @param instance unique name of this writer's process, part of every object name
	 * @param maxLines lines per object at most
	 * @param maxBytes uncompressed bytes per object at most (a batch is written once it
	 * reaches this)
	 * @param maxWait longest a line waits to be written
	 * @param flusher single thread that writes objects and runs the timers
	 * @param listener told of every write, for metrics
	 */
	public GroupCommitWriter(ObjectStore store, String prefix, String instance, int maxLines, int maxBytes,
			Duration maxWait, ScheduledExecutorService flusher, FlushListener listener) {
		this.store = store;
		this.prefix = prefix;
		this.instance = instance;
		this.maxLines = maxLines;
		this.maxBytes = maxBytes;
		this.maxWait = maxWait;
		this.flusher = flusher;
		this.listener = listener;
	}

	/**
	 * Buffers {@code line} (one JSON object, newline added here); the future completes
	 * when it is durable.
	 */
	@Override
	public CompletableFuture<Void> append(LocalDate day, byte[] line) {
		CompletableFuture<Void> durable = new CompletableFuture<>();
		Batch full = null;
		synchronized (this) {
			Batch batch = this.batches.get(day);
			if (batch == null) {
				batch = new Batch(day);
				this.batches.put(day, batch);
				Batch scheduled = batch;
				batch.timer = this.flusher.schedule(() -> flushIfCurrent(scheduled), this.maxWait.toMillis(),
						TimeUnit.MILLISECONDS);
			}
			batch.lines.write(line, 0, line.length);
			batch.lines.write('\n');
			batch.waiting.add(durable);
			if (batch.waiting.size() >= this.maxLines || batch.lines.size() >= this.maxBytes) {
				this.batches.remove(day);
				full = batch;
			}
		}
		if (full != null) {
			Batch ready = full;
			ready.timer.cancel(false);
			this.flusher.execute(() -> write(ready));
		}
		return durable;
	}

	/** Writes every buffered batch now and waits for the writes; for shutdown. */
	@Override
	public void flushAll() {
		List<Batch> pending;
		synchronized (this) {
			pending = new ArrayList<>(this.batches.values());
			this.batches.clear();
		}
		List<CompletableFuture<Void>> written = new ArrayList<>();
		for (Batch batch : pending) {
			batch.timer.cancel(false);
			written.add(CompletableFuture.runAsync(() -> write(batch), this.flusher));
		}
		CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).join();
	}

	/** Bytes buffered and not yet written. */
	@Override
	public synchronized long bufferedBytes() {
		return this.batches.values().stream().mapToLong((batch) -> batch.lines.size()).sum();
	}

	private void flushIfCurrent(Batch batch) {
		synchronized (this) {
			if (this.batches.get(batch.day) != batch) {
				return;
			}
			this.batches.remove(batch.day);
		}
		write(batch);
	}

	private void write(Batch batch) {
		long started = System.nanoTime();
		String name = LakeLayout.objectName(this.prefix, batch.day, this.instance, this.sequence.incrementAndGet());
		try {
			this.store.create(name, NdjsonGzip.encodeJoined(batch.lines));
			this.listener.written(batch.waiting.size(), batch.lines.size(), System.nanoTime() - started);
			batch.waiting.forEach((future) -> future.complete(null));
		}
		catch (IOException | RuntimeException ex) {
			this.listener.failed(batch.waiting.size(), ex);
			UncheckedIOException failure = new UncheckedIOException("could not write " + name,
					(ex instanceof IOException io) ? io : new IOException(ex));
			batch.waiting.forEach((future) -> future.completeExceptionally(failure));
		}
	}

	/** Observes writes, for metrics. */
	public interface FlushListener {

		void written(int lines, long bytes, long nanos);

		void failed(int lines, Exception cause);

	}

	private static final class Batch {

		private final LocalDate day;

		private final ByteArrayOutputStream lines = new ByteArrayOutputStream(64 * 1024);

		private final List<CompletableFuture<Void>> waiting = new ArrayList<>();

		private ScheduledFuture<?> timer;

		Batch(LocalDate day) {
			this.day = day;
		}

	}

}
