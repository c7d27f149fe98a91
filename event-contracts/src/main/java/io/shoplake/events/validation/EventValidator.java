package io.shoplake.events.validation;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import io.shoplake.events.ContractResources;
import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import io.shoplake.events.TimeWindow;
import io.shoplake.events.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks one raw event payload against the contract, stage by stage: {@code json} (bytes,
 * UTF-8, well-formed, no duplicate keys), {@code schema} (the JSON Schema of its
 * {@code event_type} at its {@code schema_version}, any version the type has had) and
 * {@code semantic} (the rules one event can show: totals add up, quantities and amounts
 * positive, known type and version, times within the contract's {@link TimeWindow}). It
 * stops at the first stage that fails and reports every error of that stage.
 * <p>
 * With the compiled checks, a compact event of its type's newest version is first tried
 * in one streamed pass ({@link StreamedAcceptance}): accepted there, it is valid with the
 * same record and bytes; anything else goes through the stages above.
 * <p>
 * It never throws on input, whatever the bytes: a validator that threw would turn bad
 * data into a 5xx, which Pub/Sub redelivers forever. Thread-safe.
 */
public final class EventValidator {

	static final String SCHEMA_BASE = "https://shoplake.io/schemas/";

	private static final Logger log = LoggerFactory.getLogger(EventValidator.class);

	private static final String KNOWN_TYPES = Arrays.stream(EventType.values())
		.map(EventType::wireName)
		.collect(Collectors.joining(", "));

	private final EventCodec codec;

	private final SemanticRules rules;

	/** The JSON Schema stage. */
	private final SchemaCheck schemas;

	/**
	 * The fast path for compact events of the newest versions; null with the reference.
	 */
	private final StreamedAcceptance streamed;

	/** Per type, its newest schema as JSON, for reading older versions in its terms. */
	private final Map<EventType, JsonNode> newestTrees = new EnumMap<>(EventType.class);

	public EventValidator(EventCodec codec, Clock clock) {
		this(codec, clock, TimeWindow.DEFAULT);
	}

	/** A validator accepting times within {@code window} of {@code clock}. */
	public EventValidator(EventCodec codec, Clock clock, TimeWindow window) {
		this(codec, clock, window, SchemaEngine.COMPILED);
	}

	/**
	 * A validator whose JSON Schema stage runs on {@code engine} (the compiled checks by
	 * default; the general-purpose validator as their reference).
	 */
	public EventValidator(EventCodec codec, Clock clock, TimeWindow window, SchemaEngine engine) {
		this.codec = codec;
		this.rules = new SemanticRules(clock, window);
		this.schemas = (engine == SchemaEngine.REFERENCE) ? new NetworkntSchemas() : new CompiledSchemas();
		this.streamed = (engine == SchemaEngine.REFERENCE) ? null : new StreamedAcceptance(codec, this.rules);
		for (EventType type : EventType.values()) {
			this.newestTrees.put(type, ContractResources.json(type.schemaResource()));
		}
	}

	/** Validates {@code payload}; never throws. */
	public ValidationResult validate(byte[] payload) {
		if (payload == null || payload.length == 0) {
			return invalid(ValidationError.json("payload is empty; expected one JSON object (an event)"));
		}
		int badByte = firstMalformedUtf8Byte(payload);
		if (badByte >= 0) {
			return invalid(ValidationError
				.json("payload is not valid UTF-8: malformed or truncated sequence at byte offset " + badByte));
		}
		ValidationResult.Valid fast = (this.streamed != null) ? this.streamed.accept(payload) : null;
		if (fast != null) {
			return fast;
		}
		JsonNode tree;
		try {
			tree = this.codec.readTree(payload);
		}
		catch (JacksonException ex) {
			return invalid(new ValidationError(Stage.JSON, pointer(ex),
					"payload is not valid JSON: " + ex.getOriginalMessage() + where(ex.getLocation())));
		}
		if (tree == null || tree.isMissingNode()) {
			return invalid(ValidationError.json("payload holds no JSON value; expected one JSON object (an event)"));
		}
		if (!tree.isObject()) {
			return invalid(ValidationError.schema("", "expected a JSON object (an event), found "
					+ tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
		}
		ObjectNode json = (ObjectNode) tree;
		List<ValidationError> errors = new ArrayList<>(2);
		Optional<EventType> type = checkType(json, errors);
		OptionalInt version = checkVersion(json, type, errors);
		if (!errors.isEmpty()) {
			return new ValidationResult.Invalid(errors);
		}
		try {
			errors = this.schemas.check(type.orElseThrow(), version.orElseThrow(), json);
		}
		catch (RuntimeException ex) {
			// A check failing on a value is still a rejection of that value, not a reason
			// to answer 5xx and have the bus redeliver it forever.
			log.warn("schema check failed on input type={} error={}", type.get().wireName(), ex.toString());
			return invalid(ValidationError.schema("", "payload could not be checked against the "
					+ type.get().wireName() + " schema: " + ex.getMessage()));
		}
		if (!errors.isEmpty()) {
			return new ValidationResult.Invalid(errors);
		}
		Event event;
		try {
			EventType known = type.orElseThrow();
			event = this.codec.fromTree((version.getAsInt() == known.version()) ? json
					: Upcaster.upcast(json, this.newestTrees.get(known)));
		}
		catch (JacksonException ex) {
			return invalid(ValidationError.schema(pointer(ex),
					"value does not fit the event record: " + ex.getOriginalMessage()));
		}
		errors = this.rules.check(event);
		return errors.isEmpty() ? new ValidationResult.Valid(event, this.codec.mapper().writeValueAsBytes(json))
				: new ValidationResult.Invalid(errors);
	}

	private Optional<EventType> checkType(ObjectNode json, List<ValidationError> errors) {
		JsonNode node = json.get("event_type");
		if (node == null || !node.isString()) {
			errors.add(ValidationError.schema("/event_type",
					"event_type is required and must be a string naming the event type (" + KNOWN_TYPES + ")"));
			return Optional.empty();
		}
		Optional<EventType> type = EventType.fromWireName(node.stringValue());
		if (type.isEmpty()) {
			errors.add(ValidationError.semantic("/event_type",
					"unknown event_type '" + abbreviate(node.stringValue()) + "'; the contract knows: " + KNOWN_TYPES));
		}
		return type;
	}

	private OptionalInt checkVersion(ObjectNode json, Optional<EventType> type, List<ValidationError> errors) {
		JsonNode node = json.get("schema_version");
		if (node == null || !node.isIntegralNumber()) {
			errors.add(ValidationError.schema("/schema_version", "schema_version is required and must be an integer"));
			return OptionalInt.empty();
		}
		if (type.isEmpty()) {
			return OptionalInt.empty();
		}
		int newest = type.get().version();
		if (!node.canConvertToInt() || node.intValue() < 1 || node.intValue() > newest) {
			errors.add(ValidationError.semantic("/schema_version",
					"unsupported schema_version " + node + " of " + type.get().wireName() + "; this service reads "
							+ ((newest == 1) ? "version 1" : "versions 1 to " + newest)));
			return OptionalInt.empty();
		}
		return OptionalInt.of(node.intValue());
	}

	private static ValidationResult invalid(ValidationError error) {
		return new ValidationResult.Invalid(List.of(error));
	}

	/**
	 * Byte offset of the first malformed UTF-8 sequence, or -1 if the bytes are valid
	 * UTF-8.
	 */
	static int firstMalformedUtf8Byte(byte[] bytes) {
		int ascii = 0;
		while (ascii < bytes.length && bytes[ascii] >= 0) {
			ascii++;
		}
		if (ascii == bytes.length) {
			// ASCII, as nearly every event is, is UTF-8.
			return -1;
		}
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(bytes);
		CharBuffer out = CharBuffer.allocate(bytes.length);
		CoderResult result = decoder.decode(in, out, true);
		if (result.isError()) {
			return in.position();
		}
		result = decoder.flush(out);
		return result.isError() ? in.position() : -1;
	}

	/** JSON Pointer of where Jackson was when it failed, as far as it knows. */
	private static String pointer(JacksonException ex) {
		if (ex.processor() instanceof JsonParser parser) {
			return parser.streamReadContext().pathAsPointer().toString();
		}
		StringBuilder pointer = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			pointer.append('/');
			if (reference.getPropertyName() != null) {
				pointer.append(reference.getPropertyName().replace("~", "~0").replace("/", "~1"));
			}
			else {
				pointer.append(reference.getIndex());
			}
		}
		return pointer.toString();
	}

	private static String where(TokenStreamLocation location) {
		return (location != null && location != TokenStreamLocation.NA)
				? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "";
	}

	private static String abbreviate(String text) {
		return (text.length() <= 64) ? text : text.substring(0, 64) + "…";
	}

}
