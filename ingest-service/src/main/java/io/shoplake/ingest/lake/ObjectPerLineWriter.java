package io.shoplake.ingest.lake;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.shoplake.events.lake.LakeLayout;
import io.shoplake.events.lake.NdjsonGzip;
import io.shoplake.ingest.store.ObjectStore;

/**
 * The original design's writer: every line becomes its own object, written and synced on
 * the caller's thread before the call returns. Kept only as the benchmark's baseline; it
 * makes one tiny object per event (250,000 a day at the original rate).
 */
public final class ObjectPerLineWriter implements LineWriter {

	private final ObjectStore store;

	private final String prefix;

	private final String instance;

	private final AtomicLong sequence = new AtomicLong();

	public ObjectPerLineWriter(ObjectStore store, String prefix, String instance) {
		this.store = store;
		this.prefix = prefix;
		this.instance = instance;
	}

	@Override
	public CompletableFuture<Void> append(LocalDate day, byte[] line) {
		String name = LakeLayout.objectName(this.prefix, day, this.instance, this.sequence.incrementAndGet());
		try {
			this.store.create(name, NdjsonGzip.encode(List.of(line)));
			return CompletableFuture.completedFuture(null);
		}
		catch (IOException | RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public void flushAll() {
		// Nothing is ever buffered.
	}

	@Override
	public long bufferedBytes() {
		return 0;
	}

}
