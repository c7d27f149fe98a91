package io.shoplake.ingest.push;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shoplake.events.EventCodec;
import io.shoplake.events.Sha256;
import io.shoplake.events.TimeWindow;
import io.shoplake.events.lake.LakeLayout;
import io.shoplake.events.lake.LakeLine;
import io.shoplake.events.lake.QuarantineRecord;
import io.shoplake.events.push.PushMessage;
import io.shoplake.events.push.PushRequest;
import io.shoplake.events.push.PushRequestReader;
import io.shoplake.events.validation.EventValidator;
import io.shoplake.events.validation.Stage;
import io.shoplake.events.validation.ValidationError;
import io.shoplake.events.validation.ValidationResult;
import io.shoplake.ingest.IngestProperties;
import io.shoplake.ingest.lake.LineWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Routes one pushed message: a valid event to the lake, anything else to the quarantine
 * with the stage and reasons, a redelivered event to the write of its first copy. The
 * returned future completes when the message is durable in one of the two stores, and
 * fails when the store failed: bad data is never a reason to fail, storage always is.
 */
public final class PushHandler {

	private static final Logger log = LoggerFactory.getLogger(PushHandler.class);

	private final EventCodec codec;

	private final PushRequestReader envelopes;

	private final EventValidator validator;

	private final LineWriter lake;

	private final LineWriter quarantine;

	private final RecentIds recent;

	private final Clock clock;

	private final IngestProperties properties;

	private final MeterRegistry registry;

	private final Counter received;

	private final Counter stored;

	private final Counter deduped;

	/** Longest message id accepted (Pub/Sub's are about 17 digits). */
	static final int MAX_MESSAGE_ID_CHARS = 256;

	public PushHandler(EventCodec codec, EventValidator validator, LineWriter lake, LineWriter quarantine, Clock clock,
			IngestProperties properties, MeterRegistry registry) {
		this.codec = codec;
		this.envelopes = new PushRequestReader(codec.mapper());
		this.validator = validator;
		this.lake = lake;
		this.quarantine = quarantine;
		this.recent = new RecentIds(properties.dedupeWindow());
		this.clock = clock;
		this.properties = properties;
		this.registry = registry;
		this.received = Counter.builder("shoplake.ingest.received")
			.description("Push requests received")
			.register(registry);
		this.stored = Counter.builder("shoplake.ingest.stored")
			.description("Events written to the lake")
			.register(registry);
		this.deduped = Counter.builder("shoplake.ingest.deduped")
			.description("Redelivered messages answered by the write of their first delivery")
			.register(registry);
	}

	/** Handles one push request body. */
	public CompletableFuture<Void> handle(byte[] body) {
		this.received.increment();
		Instant receivedAt = this.clock.instant();
		PushRequest request;
		try {
			request = this.envelopes.read(body);
		}
		catch (JacksonException ex) {
			return notAnEnvelope(body, receivedAt, ex);
		}
		return handle(request, () -> body, receivedAt);
	}

	/**
	 * Handles a batch: a JSON array of push request bodies, each with its own outcome (in
	 * order). A body that is not an array is one bad envelope.
	 */
	public List<CompletableFuture<Void>> handleBatch(byte[] body) {
		Instant receivedAt = this.clock.instant();
		long[] bounds = elementBounds(body);
		if (bounds == null) {
			return notABatch(body, receivedAt);
		}
		List<CompletableFuture<Void>> results = new ArrayList<>(bounds.length);
		for (long bound : bounds) {
			this.received.increment();
			int start = (int) (bound >>> 32);
			int length = (int) bound - start;
			// The element's own bytes are needed only if it is quarantined as a bad
			// envelope.
			Supplier<byte[]> raw = () -> Arrays.copyOfRange(body, start, start + length);
			try {
				results.add(handle(this.envelopes.read(body, start, length), raw, receivedAt));
			}
			catch (JacksonException ex) {
				results.add(notAnEnvelope(raw.get(), receivedAt, ex));
			}
		}
		return results;
	}

	/**
	 * Where each element of the JSON array {@code body} starts and ends (start in the
	 * high half, end in the low half), found by one pass over its tokens without building
	 * them (binding each element from a tree of the whole batch was a fifth of the batch
	 * endpoint's time); null if the body is not exactly one well-formed array.
	 */
	private long[] elementBounds(byte[] body) {
		long[] bounds = new long[64];
		int count = 0;
		try (JsonParser parser = this.codec.mapper().createParser(body)) {
			if (parser.nextToken() != JsonToken.START_ARRAY) {
				return null;
			}
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				long start = parser.currentTokenLocation().getByteOffset();
				parser.skipChildren();
				// A string's text is read lazily: read it, so the location is past it.
				parser.finishToken();
				long end = parser.currentLocation().getByteOffset();
				if (count == bounds.length) {
					bounds = Arrays.copyOf(bounds, count * 2);
				}
				bounds[count++] = (start << 32) | end;
			}
			if (parser.nextToken() != null) {
				return null;
			}
		}
		catch (JacksonException ex) {
			return null;
		}
		return Arrays.copyOf(bounds, count);
	}

	/** Answers a body that is not one well-formed JSON array: one bad envelope. */
	private List<CompletableFuture<Void>> notABatch(byte[] body, Instant receivedAt) {
		this.received.increment();
		JsonNode tree;
		try {
			tree = this.codec.mapper().readTree(body);
		}
		catch (JacksonException ex) {
			return List.of(notAnEnvelope(body, receivedAt, ex));
		}
		String found = (tree == null || tree.isMissingNode()) ? "nothing" : tree.isArray()
				? "an array followed by more JSON" : "a JSON " + tree.getNodeType().name().toLowerCase(Locale.ROOT);
		return List.of(quarantine(null, receivedAt, body, Stage.ENVELOPE, List.of(new ValidationError(Stage.ENVELOPE,
				"", "a batch is one JSON array of push envelopes; this body holds " + found))));
	}

	private CompletableFuture<Void> notAnEnvelope(byte[] body, Instant receivedAt, JacksonException ex) {
		return quarantine(null, receivedAt, body, Stage.ENVELOPE, List
			.of(new ValidationError(Stage.ENVELOPE, "", "not a Pub/Sub push envelope: " + ex.getOriginalMessage())));
	}

	private CompletableFuture<Void> handle(PushRequest request, Supplier<byte[]> body, Instant receivedAt) {
		PushMessage message = (request != null) ? request.message() : null;
		if (message == null || message.messageId() == null || message.messageId().isBlank()
				|| message.publishTime() == null) {
			return quarantine(request, receivedAt, body.get(), Stage.ENVELOPE,
					List.of(new ValidationError(Stage.ENVELOPE, "/message",
							"the envelope needs a non-empty message.messageId and a message.publishTime")));
		}
		if (message.messageId().length() > MAX_MESSAGE_ID_CHARS) {
			return quarantine(request, receivedAt, body.get(), Stage.ENVELOPE,
					List.of(new ValidationError(Stage.ENVELOPE, "/message/messageId", "message.messageId has "
							+ message.messageId().length() + " characters; at most " + MAX_MESSAGE_ID_CHARS)));
		}
		String outside = TimeWindow.DEFAULT.violation("message.publishTime", message.publishTime(), receivedAt);
		if (outside != null) {
			return quarantine(request, receivedAt, body.get(), Stage.ENVELOPE,
					List.of(new ValidationError(Stage.ENVELOPE, "/message/publishTime", outside)));
		}
		// The body is bounded (PushServlet), so decoding it whole is too; the quarantine
		// keeps a bounded prefix of an oversized payload, with its length and hash.
		byte[] payload;
		try {
			payload = message.decodedData();
		}
		catch (IllegalArgumentException ex) {
			return quarantine(request, receivedAt, rawData(message), Stage.BASE64,
					List.of(new ValidationError(Stage.BASE64, "/message/data",
							"message.data is not base64: " + ex.getMessage())));
		}
		if (payload.length > this.properties.maxMessageBytes()) {
			return quarantine(request, receivedAt, payload, Stage.SIZE, List.of(new ValidationError(Stage.SIZE, "",
					"payload is " + payload.length + " bytes; the limit is " + this.properties.maxMessageBytes())));
		}
		ValidationResult result = this.validator.validate(payload);
		if (result instanceof ValidationResult.Invalid invalid) {
			return quarantine(request, receivedAt, payload, invalid.stage(), invalid.errors());
		}
		ValidationResult.Valid valid = (ValidationResult.Valid) result;
		byte[] event = valid.json();
		CompletableFuture<Void> mine = new CompletableFuture<>();
		RecentIds.Admission admission = this.recent.admit(message.messageId(), valid.event().eventId().toString(),
				Sha256.of(event), mine);
		if (admission instanceof RecentIds.Admission.Redelivery redelivery) {
			this.deduped.increment();
			return redelivery.write();
		}
		if (admission instanceof RecentIds.Admission.Conflict conflict) {
			log.warn("conflict quarantined: {}", conflict.message());
			return quarantine(request, receivedAt, payload, Stage.CONFLICT,
					List.of(new ValidationError(Stage.CONFLICT, conflict.path(), conflict.message())));
		}
		byte[] line = LakeLine.of(event, message.messageId(), message.publishTime(), request.deliveryAttempt(),
				receivedAt);
		this.lake.append(LakeLayout.dayOf(message.publishTime()), line).whenComplete((ok, error) -> {
			if (error == null) {
				this.stored.increment();
				mine.complete(null);
			}
			else {
				mine.completeExceptionally(error);
			}
		});
		return mine;
	}

	private CompletableFuture<Void> quarantine(PushRequest request, Instant receivedAt, byte[] payload, Stage stage,
			List<ValidationError> errors) {
		PushMessage message = (request != null) ? request.message() : null;
		Instant publishTime = (message != null) ? message.publishTime() : null;
		if (publishTime != null && TimeWindow.DEFAULT.violation("", publishTime, receivedAt) != null) {
			// Kept only in the error: a record must load wherever it goes.
			publishTime = null;
		}
		QuarantineRecord record = QuarantineRecord.of((message != null) ? message.messageId() : null,
				(request != null) ? request.subscription() : null, publishTime,
				(request != null) ? request.deliveryAttempt() : null,
				(message != null) ? message.attributes() : Map.of(), receivedAt, stage.wireName(),
				errors.stream().map(QuarantineRecord.Error::of).toList(), payload, this.properties.revision());
		Counter.builder("shoplake.ingest.quarantined")
			.description("Messages quarantined, by stage")
			.tag("stage", stage.wireName())
			.register(this.registry)
			.increment();
		return this.quarantine.append(LakeLayout.dayOf(record.partitionTime()),
				this.codec.mapper().writeValueAsBytes(record));
	}

	private static byte[] rawData(PushMessage message) {
		return (message.data() != null) ? message.data().getBytes(StandardCharsets.UTF_8) : new byte[0];
	}

}
