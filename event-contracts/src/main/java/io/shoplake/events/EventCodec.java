package io.shoplake.events;

import java.time.Instant;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdScalarSerializer;

/**
 * The one JSON codec of ShopLake events (Jackson 3): snake_case names, contract
 * timestamps, strict reading (duplicate keys, trailing tokens, unknown properties, nulls
 * for primitives and floats for integers are errors) and a bounded nesting depth, so
 * hostile input fails fast instead of exhausting the stack. Thread-safe.
 */
public final class EventCodec {

	/**
	 * Deeper than any event needs (order lines are three levels), far below a stack
	 * overflow.
	 */
	public static final int MAX_NESTING_DEPTH = 32;

	/**
	 * Writes each event by hand ({@link EventWriter}): the mapper's bytes, several times
	 * faster; one writer (and its buffer) per thread.
	 */
	private static final ThreadLocal<EventWriter> WRITERS = ThreadLocal.withInitial(EventWriter::new);

	private final JsonMapper mapper;

	public EventCodec() {
		this(true);
	}

	/**
	 * @param spreadingCreators bind records through {@link SpreadingCreators} (off only
	 * to test it against Jackson's own creator calls)
	 */
	EventCodec(boolean spreadingCreators) {
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			// One buffer per thread: the default shared pool costs more than writing a
			// small event.
			.recyclerPool(JsonRecyclerPools.threadLocalPool())
			.build();
		SimpleModule timestamps = new SimpleModule("shoplake-timestamps")
			.addSerializer(Instant.class, new InstantSerializer())
			.addDeserializer(Instant.class, new InstantDeserializer());
		JsonMapper.Builder builder = JsonMapper.builder(factory)
			.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
					DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			.addModule(timestamps);
		if (spreadingCreators) {
			builder.addModule(new SpreadingCreators());
		}
		this.mapper = builder.build();
	}

	/**
	 * UTF-8 JSON of {@code event}, fields in contract order: the bytes
	 * {@code mapper().writeValueAsBytes(event)} writes.
	 */
	public byte[] toBytes(Event event) {
		return WRITERS.get().toBytes(event);
	}

	/**
	 * Reads an event without schema or semantic checks; use {@link EventValidator} for
	 * untrusted input.
	 * @throws JacksonException if the bytes are not an event of a known type
	 */
	public Event fromBytes(byte[] json) {
		return this.mapper.readValue(json, Event.class);
	}

	/** Binds an already parsed tree to its event record. */
	public Event fromTree(JsonNode tree) {
		return this.mapper.treeToValue(tree, Event.class);
	}

	/** Parses JSON with the codec's strict settings. */
	public JsonNode readTree(byte[] json) {
		return this.mapper.readTree(json);
	}

	/**
	 * The configured mapper, for callers that write their own records in the same style.
	 */
	public JsonMapper mapper() {
		return this.mapper;
	}

	private static final class InstantSerializer extends StdScalarSerializer<Instant> {

		InstantSerializer() {
			super(Instant.class);
		}

		@Override
		public void serialize(Instant value, JsonGenerator gen, SerializationContext ctxt) {
			gen.writeString(Timestamps.format(value));
		}

	}

	private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {

		InstantDeserializer() {
			super(Instant.class);
		}

		@Override
		public Instant deserialize(JsonParser p, DeserializationContext ctxt) {
			String text = p.getValueAsString();
			if (text == null) {
				return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
			}
			try {
				return Timestamps.parse(text);
			}
			catch (java.time.format.DateTimeParseException ex) {
				return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not an RFC 3339 timestamp");
			}
		}

	}

}
