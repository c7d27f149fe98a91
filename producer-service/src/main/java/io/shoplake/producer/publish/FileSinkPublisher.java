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

import io.shoplake.events.lake.LakeLayout;
import io.shoplake.events.lake.LakeLine;
import io.shoplake.events.lake.NdjsonGzip;
import io.shoplake.producer.defects.OutgoingMessage;

/**
 * Writes messages straight into a lake folder in the lake layout ({@link LakeLayout}),
 * partitioned by the simulated publish time, one object per partition per flush, created
 * whole and never rewritten. For users who want a dataset without running ingest, and for
 * fast backfills. It takes no poison pills: there is no ingest to reject them.
 */
public final class FileSinkPublisher implements MessagePublisher {

	private final Path lake;

	private final int eventsPerObject;

	private final Clock clock;

	private final String instance = UUID.randomUUID().toString().substring(0, 8);

	private final Map<LocalDate, Batch> batches = new TreeMap<>();

	private long sequence;

	private long messages;

	public FileSinkPublisher(Path lake, int eventsPerObject, Clock clock) {
		this.lake = lake;
		this.eventsPerObject = eventsPerObject;
		this.clock = clock;
	}

	@Override
	public boolean acceptsPoison() {
		return false;
	}

	@Override
	public synchronized CompletableFuture<Void> publish(OutgoingMessage message, Instant publishTime) {
		if (message.kind() == OutgoingMessage.Kind.POISON) {
			return CompletableFuture.failedFuture(new IllegalArgumentException(
					"the file sink writes no poison pills (there is no ingest to reject them)"));
		}
		LocalDate day = LakeLayout.dayOf(publishTime);
		Batch batch = this.batches.computeIfAbsent(day, (k) -> new Batch());
		batch.bytes.writeBytes(LakeLine.of(message.payload(), "file-" + this.instance + "-" + (++this.messages),
				publishTime, null, this.clock.instant()));
		batch.bytes.write('\n');
		CompletableFuture<Void> written = new CompletableFuture<>();
		batch.waiting.add(written);
		if (batch.waiting.size() >= this.eventsPerObject) {
			write(day, this.batches.remove(day));
		}
		return written;
	}

	@Override
	public synchronized void flush() {
		this.batches.forEach(this::write);
		this.batches.clear();
	}

	private void write(LocalDate day, Batch batch) {
		Path object = this.lake
			.resolve(LakeLayout.objectName(LakeLayout.EVENTS, day, "file-" + this.instance, ++this.sequence));
		Path folder = object.getParent();
		try {
			Files.createDirectories(folder);
			Path temporary = folder.resolve("." + object.getFileName() + ".tmp");
			Files.write(temporary, NdjsonGzip.encodeJoined(batch.bytes), StandardOpenOption.CREATE_NEW);
			// A reader never sees a half-written object: it appears whole, under a name
			// never used before.
			Files.move(temporary, object);
			batch.waiting.forEach((future) -> future.complete(null));
		}
		catch (IOException | RuntimeException ex) {
			UncheckedIOException failure = new UncheckedIOException("could not write " + object,
					(ex instanceof IOException io) ? io : new IOException(ex));
			batch.waiting.forEach((future) -> future.completeExceptionally(failure));
		}
	}

	private static final class Batch {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);

		private final List<CompletableFuture<Void>> waiting = new ArrayList<>();

	}

}
