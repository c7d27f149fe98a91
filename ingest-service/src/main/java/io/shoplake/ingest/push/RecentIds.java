package io.shoplake.ingest.push;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The last {@code capacity} event ids with the write of their first copy. A redelivery
 * waits for that write instead of writing again: it is acknowledged once the first copy
 * is durable, and fails with it. Best effort: older ids are forgotten, and the warehouse
 * dedupes the rest.
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
	 * The pending or finished write of an earlier copy of {@code eventId}, or null after
	 * remembering {@code write} as the first. A failed write is forgotten so the
	 * redelivery writes again.
	 */
	synchronized CompletableFuture<Void> firstWriteOr(String eventId, CompletableFuture<Void> write) {
		CompletableFuture<Void> earlier = this.writes.get(eventId);
		if (earlier != null && !earlier.isCompletedExceptionally()) {
			return earlier;
		}
		this.writes.put(eventId, write);
		return null;
	}

}
