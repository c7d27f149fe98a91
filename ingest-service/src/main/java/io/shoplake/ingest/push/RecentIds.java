package io.shoplake.ingest.push;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The last {@code capacity} message ids with the write of their first delivery. A
 * redelivery (Pub/Sub delivers at least once, under the same message id and publish time)
 * waits for that write instead of writing again: it is acknowledged once the first
 * delivery is durable, and fails with it. A second publication of the same event is
 * another message, with its own id and publish time, and is written: the warehouse keeps
 * the first published copy, and a watermark on publish time sees each copy where it was
 * published. Best effort: older ids are forgotten, and the warehouse dedupes the rest.
 */
final class RecentIds {

	private final Map<String, CompletableFuture<Void>> writes;

	RecentIds(int capacity) {
		this.writes = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Void>> eldest) {
				return size() > capacity;
			}

		};
	}

	/**
	 * The pending or finished write of an earlier delivery of {@code messageId}, or null
	 * after remembering {@code write} as the first. A failed write is forgotten so the
	 * redelivery writes again.
	 */
	synchronized CompletableFuture<Void> firstWriteOr(String messageId, CompletableFuture<Void> write) {
		CompletableFuture<Void> earlier = this.writes.get(messageId);
		if (earlier != null && !earlier.isCompletedExceptionally()) {
			return earlier;
		}
		this.writes.put(messageId, write);
		return null;
	}

}
