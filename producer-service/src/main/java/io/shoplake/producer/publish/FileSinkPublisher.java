package io.shoplake.producer.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.shoplake.events.lake.LakeLayout;
import io.shoplake.events.lake.LakeLine;
import io.shoplake.events.lake.NdjsonGzip;
import io.shoplake.producer.defects.OutgoingMessage;

/**
 * Writes messages straight into a lake folder in the lake layout ({@link LakeLayout}),
 * partitioned by the simulated publish time, one object per partition per flush (or per
 * {@code eventsPerObject} messages), created whole and never rewritten. For users who
 * want a dataset without running ingest, and for fast backfills. It takes no poison
 * pills: there is no ingest to reject them.
 * <p>
 * The caller's thread only collects messages; lake lines are built, gzipped and written
 * by {@code writers} threads, several objects (of one partition or several) at a time.
 * Every message of an object is acknowledged when the object is in place, and fails with
 * it. {@link #close()} waits for the writes under way.
 */
public final class FileSinkPublisher implements MessagePublisher, AutoCloseable {

	private final Path lake;

	private final int eventsPerObject;

	private final Clock clock;

	private final int writers;

	private final ExecutorService writing;

	private final String instance = UUID.randomUUID().toString().substring(0, 8);

	private final Map<LocalDate, Batch> batches = new TreeMap<>();

	private long sequence;

	private long messages;

	/**
	 * @param lake root of the lake
	 * @param eventsPerObject messages per object at most
	 * @param clock stamps {@code _ingested_at} (when an object is written)
	 * @param writers threads that build and write objects
	 */
	public FileSinkPublisher(Path lake, int eventsPerObject, Clock clock, int writers) {
		if (writers < 1) {
			throw new IllegalArgumentException("writers must be at least 1, not " + writers);
		}
		this.lake = lake;
		this.eventsPerObject = eventsPerObject;
		this.clock = clock;
		this.writers = writers;
		AtomicInteger threads = new AtomicInteger();
		this.writing = Executors.newFixedThreadPool(writers, (task) -> {
			Thread thread = new Thread(task, "file-sink-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public boolean acceptsPoison() {
		return false;
	}

	/**
	 * Room for one object filling while every writer writes one: each object is
	 * acknowledged at once, so a smaller window would cut objects short.
	 */
	@Override
	public int window(int configured) {
		return (int) Math.min(Integer.MAX_VALUE,
				Math.max(configured, (long) this.eventsPerObject * (this.writers + 1)));
	}

	@Override
	public synchronized CompletableFuture<Void> publish(OutgoingMessage message, Instant publishTime) {
		if (message.kind() == OutgoingMessage.Kind.POISON) {
			return CompletableFuture.failedFuture(new IllegalArgumentException(
					"the file sink writes no poison pills (there is no ingest to reject them)"));
		}
		LocalDate day = LakeLayout.dayOf(publishTime);
		Batch batch = this.batches.computeIfAbsent(day, Batch::new);
		batch.add(message.onTheWire().payload(), ++this.messages, publishTime);
		CompletableFuture<Void> written = batch.written;
		if (batch.size() >= this.eventsPerObject) {
			submit(this.batches.remove(day));
		}
		return written;
	}

	/** Hands every batch to the writers; their messages are acknowledged once written. */
	@Override
	public synchronized void flush() {
		this.batches.values().forEach(this::submit);
		this.batches.clear();
	}

	/** Writes what is buffered and waits for every write under way. */
	@Override
	public void close() {
		flush();
		this.writing.shutdown();
		try {
			if (!this.writing.awaitTermination(1, TimeUnit.MINUTES)) {
				this.writing.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.writing.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	private void submit(Batch batch) {
		long number = ++this.sequence;
		try {
			this.writing.execute(() -> write(batch, number));
		}
		catch (RuntimeException ex) {
			// Closed: the messages are not written, and say so.
			batch.written.completeExceptionally(ex);
		}
	}

	private void write(Batch batch, long number) {
		Path object = this.lake
			.resolve(LakeLayout.objectName(LakeLayout.EVENTS, batch.day, "file-" + this.instance, number));
		Path folder = object.getParent();
		try {
			byte[] gzip = NdjsonGzip.encodeJoined(batch.lines(this.instance, this.clock.instant()));
			Files.createDirectories(folder);
			Path temporary = folder.resolve("." + object.getFileName() + ".tmp");
			Files.write(temporary, gzip, StandardOpenOption.CREATE_NEW);
			// A reader never sees a half-written object: it appears whole, under a name
			// never used before.
			Files.move(temporary, object);
			batch.written.complete(null);
		}
		catch (IOException | RuntimeException ex) {
			batch.written.completeExceptionally(new UncheckedIOException("could not write " + object,
					(ex instanceof IOException io) ? io : new IOException(ex)));
		}
	}

	/** The messages of one object to be. */
	private static final class Batch {

		private final LocalDate day;

		private final List<Line> lines = new ArrayList<>();

		/** Completes when the object holding every message of the batch is in place. */
		private final CompletableFuture<Void> written = new CompletableFuture<>();

		Batch(LocalDate day) {
			this.day = day;
		}

		void add(byte[] payload, long number, Instant publishTime) {
			this.lines.add(new Line(payload, number, publishTime));
		}

		int size() {
			return this.lines.size();
		}

		/** The lake lines, newline after each. */
		ByteArrayOutputStream lines(String instance, Instant ingestedAt) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(this.lines.size() * 640);
			for (Line line : this.lines) {
				LakeLine.write(bytes, line.payload(), "file-" + instance + "-" + line.number(), line.publishTime(),
						null, ingestedAt);
				bytes.write('\n');
			}
			return bytes;
		}

	}

	/**
	 * A message waiting for its object: the event's JSON, its number in this sink, when
	 * it was published.
	 */
	private record Line(byte[] payload, long number, Instant publishTime) {
	}

}
