package io.shoplake.ingest.lake;

import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;

/**
 * Turns NDJSON lines into objects of one store, under {@code <prefix>/year=/month=/day=}.
 */
public interface LineWriter {

	/**
	 * Accepts {@code line} (one JSON object, no newline) for the partition of
	 * {@code day}. The future completes once the object holding it is durable and fails
	 * if the write failed.
	 */
	CompletableFuture<Void> append(LocalDate day, byte[] line);

	/** Writes everything accepted and not yet written, and waits; for shutdown. */
	void flushAll();

	/** Bytes accepted and not yet written. */
	long bufferedBytes();

}
