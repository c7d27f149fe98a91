package io.shoplake.ingest.lake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.shoplake.events.lake.LakeLayout;
import io.shoplake.events.lake.NdjsonGzip;
import io.shoplake.ingest.store.ObjectStore;

/**
 * Natural group commit, per partition: a line is written as soon as its partition's store
 * is idle, together with every line that arrived while the previous object was being
 * written. At most one write per partition is in flight, and two writes of a partition
 * start at least {@code minInterval} apart (a batch that reaches {@code maxLines} lines
 * or {@code maxBytes} bytes is written without waiting for the interval, so memory stays
 * bounded). Idle, a line is written at once (latency: one object write); loaded, a
 * partition gets at most one object per {@code minInterval}.
 * <p>
 * Each line's future completes only after the object holding it is durable in the store,
 * and fails, with the rest of its batch and no other, if the write fails (the caller then
 * answers 503 and the bus redelivers). Objects are named
 * {@code part-<instance>-<seq>.ndjson.gz}, unique per writer instance. Writes run on the
 * flusher's thread, never on a request thread.
 */
public final class GroupCommitWriter implements LineWriter {

	private final ObjectStore store;

	private final String prefix;

	private final String instance;

	private final int maxLines;

	private final int maxBytes;

	private final long minIntervalNanos;

	private final ScheduledExecutorService flusher;

	private final Map<LocalDate, Partition> partitions = new HashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	private final FlushListener listener;

	private final LongSupplier nanoTime;

	/** Set by {@link #flushAll}: every batch is written at once, intervals ignored. */
	private boolean draining;

	/**
	 * @param store where objects go
	 * @param prefix top folder, e.g. {@code events} or {@code failed}
	 * @param instance unique name of this writer's process, part of every object name
	 * @param maxLines lines per object at most
	 * @param maxBytes uncompressed bytes per object at most (a batch is written once it
	 * reaches this)
	 * @param minInterval shortest time between the starts of two writes of one partition
	 * (zero: write whenever the store is idle)
	 * @param flusher single thread that writes objects and runs the timers
	 * @param listener told of every write, for metrics
	 */
	public GroupCommitWriter(ObjectStore store, String prefix, String instance, int maxLines, int maxBytes,
			Duration minInterval, ScheduledExecutorService flusher, FlushListener listener) {
		this(store, prefix, instance, maxLines, maxBytes, minInterval, flusher, listener, System::nanoTime);
	}

	GroupCommitWriter(ObjectStore store, String prefix, String instance, int maxLines, int maxBytes,
			Duration minInterval, ScheduledExecutorService flusher, FlushListener listener, LongSupplier nanoTime) {
		if (minInterval.isNegative()) {
			throw new IllegalArgumentException("min interval " + minInterval + " is negative");
		}
		this.store = store;
		this.prefix = prefix;
		this.instance = instance;
		this.maxLines = maxLines;
		this.maxBytes = maxBytes;
		this.minIntervalNanos = minInterval.toNanos();
		this.flusher = flusher;
		this.listener = listener;
		this.nanoTime = nanoTime;
	}

	/**
	 * Buffers {@code line} (one JSON object, newline added here); the future completes
	 * when it is durable.
	 */
	@Override
	public CompletableFuture<Void> append(LocalDate day, byte[] line) {
		CompletableFuture<Void> durable = new CompletableFuture<>();
		synchronized (this) {
			Partition partition = this.partitions.computeIfAbsent(day, Partition::new);
			if (partition.open == null) {
				partition.open = new Batch(day);
			}
			Batch batch = partition.open;
			batch.lines.write(line, 0, line.length);
			batch.lines.write('\n');
			batch.waiting.add(durable);
			if (batch.waiting.size() >= this.maxLines || batch.lines.size() >= this.maxBytes) {
				partition.full.add(batch);
				partition.open = null;
			}
			startNext(partition);
		}
		return durable;
	}

	/**
	 * Starts the partition's next write if its store is idle and the interval allows it;
	 * else makes sure a timer or the running write's completion will.
	 */
	private void startNext(Partition partition) {
		if (partition.writing != null) {
			return;
		}
		Batch next = partition.full.poll();
		if (next == null) {
			if (partition.open == null) {
				return;
			}
			long wait = this.draining ? 0 : partition.lastStart + this.minIntervalNanos - this.nanoTime.getAsLong();
			if (partition.started && wait > 0) {
				if (partition.timer == null) {
					partition.timer = this.flusher.schedule(() -> {
						synchronized (this) {
							partition.timer = null;
							startNext(partition);
						}
					}, wait, TimeUnit.NANOSECONDS);
				}
				return;
			}
			next = partition.open;
			partition.open = null;
		}
		if (partition.timer != null) {
			partition.timer.cancel(false);
			partition.timer = null;
		}
		partition.writing = next;
		Batch writing = next;
		this.flusher.execute(() -> {
			try {
				write(partition, writing);
			}
			finally {
				synchronized (this) {
					partition.writing = null;
					startNext(partition);
					if (partition.writing == null && partition.open == null && partition.full.isEmpty()
							&& partition.timer == null
							&& this.nanoTime.getAsLong() - partition.lastStart >= this.minIntervalNanos) {
						this.partitions.remove(partition.day, partition);
					}
				}
			}
		});
	}

	/** Writes every buffered batch now and waits for the writes; for shutdown. */
	@Override
	public void flushAll() {
		List<CompletableFuture<Void>> waiting = new ArrayList<>();
		synchronized (this) {
			this.draining = true;
			for (Partition partition : this.partitions.values()) {
				for (Batch batch : partition.all()) {
					waiting.addAll(batch.waiting);
				}
				if (partition.open != null) {
					partition.full.add(partition.open);
					partition.open = null;
				}
				startNext(partition);
			}
		}
		for (CompletableFuture<Void> line : waiting) {
			line.handle((ok, error) -> null).join();
		}
		synchronized (this) {
			this.draining = false;
		}
	}

	/** Bytes buffered and not yet durable (batches open, full or being written). */
	@Override
	public synchronized long bufferedBytes() {
		long bytes = 0;
		for (Partition partition : this.partitions.values()) {
			for (Batch batch : partition.all()) {
				bytes += batch.lines.size();
			}
		}
		return bytes;
	}

	private void write(Partition partition, Batch batch) {
		long started = System.nanoTime();
		String name = LakeLayout.objectName(this.prefix, batch.day, this.instance, this.sequence.incrementAndGet());
		try {
			byte[] object = NdjsonGzip.encodeJoined(batch.lines);
			synchronized (this) {
				// The interval is counted from the store call itself: a slow encoding (or
				// a queued flusher) of this object cannot shorten the gap to the next.
				partition.started = true;
				partition.lastStart = this.nanoTime.getAsLong();
			}
			this.store.create(name, object);
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

	/** One partition's batches: the one filling, full ones, the one being written. */
	private static final class Partition {

		private final LocalDate day;

		private Batch open;

		private final ArrayDeque<Batch> full = new ArrayDeque<>();

		private Batch writing;

		private boolean started;

		private long lastStart;

		private ScheduledFuture<?> timer;

		Partition(LocalDate day) {
			this.day = day;
		}

		List<Batch> all() {
			List<Batch> all = new ArrayList<>(this.full);
			if (this.open != null) {
				all.add(this.open);
			}
			if (this.writing != null) {
				all.add(this.writing);
			}
			return all;
		}

	}

	private static final class Batch {

		private final LocalDate day;

		private final ByteArrayOutputStream lines = new ByteArrayOutputStream(64 * 1024);

		private final List<CompletableFuture<Void>> waiting = new ArrayList<>();

		Batch(LocalDate day) {
			this.day = day;
		}

	}

}
