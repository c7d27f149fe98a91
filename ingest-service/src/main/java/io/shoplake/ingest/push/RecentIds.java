package io.shoplake.ingest.push;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The last {@code capacity} message ids with the write of their first delivery, and the
 * last {@code capacity} event ids, each with the SHA-256 of the event it carried.
 * <p>
 * A redelivery (Pub/Sub delivers at least once, under the same message id and publish
 * time, with the same data) waits for that write instead of writing again: it is
 * acknowledged once the first delivery is durable, and fails with it. A second
 * publication of the same event is another message, with its own id and publish time, and
 * is written: the warehouse keeps the first published copy. A message id or an event id
 * that comes back with <em>other</em> content is a conflict: nothing may silently replace
 * or shadow the first copy, so the caller quarantines it with both hashes. Best effort:
 * older ids are forgotten, and the warehouse dedupes the rest.
 */
final class RecentIds {

	private static final HexFormat HEX = HexFormat.of();

	private final Map<String, Delivery> messages;

	private final Map<String, Copy> events;

	RecentIds(int capacity) {
		this.messages = bounded(capacity);
		this.events = bounded(capacity);
	}

	/**
	 * Admits the delivery of event {@code eventId} with content hash {@code digest} in
	 * message {@code messageId}, whose write is {@code write} if it is new. A failed
	 * write is forgotten so the redelivery writes again.
	 */
	synchronized Admission admit(String messageId, String eventId, byte[] digest, CompletableFuture<Void> write) {
		Delivery earlier = this.messages.get(messageId);
		if (earlier != null && !earlier.write().isCompletedExceptionally()) {
			if (Arrays.equals(earlier.digest(), digest)) {
				return new Admission.Redelivery(earlier.write());
			}
			return new Admission.Conflict("/message/messageId",
					"message id " + messageId + " was received before with other data (sha256 "
							+ HEX.formatHex(earlier.digest()) + "); this delivery's event has sha256 "
							+ HEX.formatHex(digest) + ". The first is kept.");
		}
		Copy first = this.events.get(eventId);
		if (first != null && !Arrays.equals(first.digest(), digest)) {
			return new Admission.Conflict("/event_id",
					"event_id " + eventId + " was received before with other content (sha256 "
							+ HEX.formatHex(first.digest()) + ", message " + first.messageId()
							+ "); this copy has sha256 " + HEX.formatHex(digest) + ". The first is kept.");
		}
		this.messages.put(messageId, new Delivery(digest, write));
		if (first == null) {
			this.events.put(eventId, new Copy(digest, messageId));
		}
		return Admission.NEW;
	}

	private static <V> Map<String, V> bounded(int capacity) {
		return new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
				return size() > capacity;
			}

		};
	}

	private record Delivery(byte[] digest, CompletableFuture<Void> write) {
	}

	private record Copy(byte[] digest, String messageId) {
	}

	/** What to do with a delivery. */
	sealed interface Admission {

		/** First delivery of this message, and no other content under its event id. */
		Admission NEW = new New();

		/** Write it. */
		record New() implements Admission {
		}

		/** The same message again: answer with the first delivery's write. */
		record Redelivery(CompletableFuture<Void> write) implements Admission {
		}

		/**
		 * Other content under a known id: quarantine it.
		 *
		 * @param path JSON Pointer of the conflicting id
		 * @param message both hashes, and which copy is kept
		 */
		record Conflict(String path, String message) implements Admission {
		}

	}

}
