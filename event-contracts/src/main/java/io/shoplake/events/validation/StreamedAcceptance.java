package io.shoplake.events.validation;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import io.shoplake.events.Event;
import io.shoplake.events.EventCodec;
import io.shoplake.events.EventType;
import io.shoplake.events.Timestamps;
import io.shoplake.events.validation.CompiledSchemas.JsonType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * The validator's fast path for the payloads nearly every push carries: an event of its
 * type's newest version, written compactly (as the producer and the codec write it). It
 * checks the payload against its JSON Schema and makes its record in one pass over the
 * parser's tokens (no tree, no second binding pass; each value converted as the codec
 * converts it, the record through its canonical constructor), and keeps the payload as
 * the lake's bytes (a compact payload is what re-serializing its tree would give). It
 * only ever accepts: whatever it cannot show valid — any schema, binding or semantic
 * failure, an older version, whitespace between tokens, an escape in a string, a
 * fraction, a negative zero, a duplicate key — it leaves to the full stage-by-stage
 * validation, which gives the verdict and the errors. What it accepts, the full
 * validation accepts with the same record and bytes (the differential tests).
 * Thread-safe.
 */
final class StreamedAcceptance {

	private static final byte[] TYPE_FIELD = "\"event_type\":\"".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] VERSION_FIELD = "\"schema_version\":".getBytes(StandardCharsets.US_ASCII);

	private final EventCodec codec;

	private final SemanticRules rules;

	/** What {@link #read} returns for a value it does not accept. */
	private static final Object REJECT = new Object();

	/** Per type, its newest version's schema. */
	private final Map<EventType, Shape> schemas = new EnumMap<>(EventType.class);

	/** Per type, how its record is made. */
	private final Map<EventType, RecordTarget> records = new EnumMap<>(EventType.class);

	private final Map<Class<?>, RecordTarget> recordTargets = new HashMap<>();

	private final SchemaDocuments documents = new SchemaDocuments();

	private final Map<String, Shape> compiled = new HashMap<>();

	StreamedAcceptance(EventCodec codec, SemanticRules rules) {
		this.codec = codec;
		this.rules = rules;
		for (EventType type : EventType.values()) {
			this.schemas.put(type, resolve(SchemaDocuments.uri(type, type.version())));
			this.records.put(type, (RecordTarget) target(type.recordClass()));
		}
	}

	/**
	 * The valid result of {@code payload} (UTF-8 already checked), or null when the full
	 * validation must decide.
	 */
	ValidationResult.Valid accept(byte[] payload) {
		// The object's brace first: a byte-order mark, which the parser skips, would not
		// be written back.
		if (payload.length == 0 || payload[0] != '{' || !isCompact(payload)) {
			return null;
		}
		EventType type = typeNamed(payload);
		if (type == null || versionIn(payload) != type.version()) {
			return null;
		}
		Object event;
		try (JsonParser parser = this.codec.mapper().createParser(payload)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			event = read(this.schemas.get(type), this.records.get(type), parser);
			if (event == REJECT || parser.nextToken() != null) {
				return null;
			}
		}
		catch (JacksonException ex) {
			return null;
		}
		return this.rules.check((Event) event).isEmpty() ? new ValidationResult.Valid((Event) event, payload) : null;
	}

	/**
	 * Whether {@code payload} has no whitespace between its tokens and no escape in its
	 * strings: then its tree is written back to the same bytes.
	 */
	static boolean isCompact(byte[] payload) {
		boolean inString = false;
		for (byte b : payload) {
			if (b == '\\') {
				return false;
			}
			if (b == '"') {
				inString = !inString;
			}
			else if (!inString && (b == ' ' || b == '\n' || b == '\r' || b == '\t')) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The type the payload names, found without parsing it (the schema's {@code const} on
	 * {@code event_type} confirms it); null if none.
	 */
	private static EventType typeNamed(byte[] payload) {
		int at = indexOf(payload, TYPE_FIELD);
		if (at < 0) {
			return null;
		}
		int start = at + TYPE_FIELD.length;
		int end = start;
		while (end < payload.length && payload[end] != '"') {
			end++;
		}
		Optional<EventType> type = EventType
			.fromWireName(new String(payload, start, end - start, StandardCharsets.UTF_8));
		return type.orElse(null);
	}

	/**
	 * The schema version the payload names, or -1 (the schema's {@code const} on
	 * {@code schema_version} confirms it).
	 */
	private static int versionIn(byte[] payload) {
		int at = indexOf(payload, VERSION_FIELD);
		if (at < 0) {
			return -1;
		}
		int version = 0;
		int digits = 0;
		for (int i = at + VERSION_FIELD.length; i < payload.length && payload[i] >= '0' && payload[i] <= '9'
				&& digits < 4; i++, digits++) {
			version = version * 10 + (payload[i] - '0');
		}
		return (digits > 0) ? version : -1;
	}

	private static int indexOf(byte[] bytes, byte[] part) {
		byte first = part[0];
		outer: for (int i = 0; i <= bytes.length - part.length; i++) {
			if (bytes[i] != first) {
				continue;
			}
			for (int j = 1; j < part.length; j++) {
				if (bytes[i + j] != part[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/**
	 * The value at the parser's current token, checked against {@code shape} and made
	 * into what {@code target} holds; reads the whole value. {@link #REJECT} where it
	 * does not conform, would not bind as the codec binds it, or this pass cannot tell.
	 */
	private static Object read(Shape shape, Target target, JsonParser parser) {
		JsonToken token = parser.currentToken();
		if (shape.orNull != null) {
			if (token == JsonToken.VALUE_NULL) {
				return nullFor(target);
			}
			shape = shape.orNull;
		}
		switch (token) {
			case START_OBJECT:
				return (shape.allows(JsonType.OBJECT) && shape.constants == null
						&& target instanceof RecordTarget record) ? readObject(shape, record, parser) : REJECT;
			case START_ARRAY:
				return (shape.allows(JsonType.ARRAY) && shape.constants == null && target instanceof ListTarget list)
						? readArray(shape, list, parser) : REJECT;
			case VALUE_STRING:
				String text = parser.getString();
				return (shape.allows(JsonType.STRING) && acceptsString(shape, text) && target instanceof Scalar scalar)
						? scalar.fromString(text) : REJECT;
			case VALUE_NUMBER_INT:
				return (shape.allows(JsonType.INTEGER) && target instanceof Scalar scalar)
						? readInteger(shape, scalar, parser) : REJECT;
			case VALUE_TRUE:
			case VALUE_FALSE:
				boolean value = token == JsonToken.VALUE_TRUE;
				return (shape.allows(JsonType.BOOLEAN)
						&& shape.constantsAllow((constant) -> constant.isBoolean() && constant.booleanValue() == value)
						&& target instanceof Scalar scalar) ? scalar.fromBoolean(value) : REJECT;
			case VALUE_NULL:
				return (shape.allows(JsonType.NULL) && shape.constantsAllow(JsonNode::isNull)) ? nullFor(target)
						: REJECT;
			default:
				// A fraction (or 1.0 for an integer): left to the full validation.
				return REJECT;
		}
	}

	/** Null, where the codec binds null: not into a primitive. */
	private static Object nullFor(Target target) {
		return (target instanceof Scalar scalar && scalar.primitive) ? REJECT : null;
	}

	private static Object readObject(Shape shape, RecordTarget record, JsonParser parser) {
		Object[] arguments = record.defaults.clone();
		long seen = 0;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			Property property = (shape.properties != null) ? shape.properties.get(name) : null;
			Integer component = record.components.get(name);
			parser.nextToken();
			if (property == null) {
				// Not in the schema: rejected by a closed one; left to the stages either
				// way.
				return REJECT;
			}
			if (component == null) {
				// Only the type's name is read but not bound (it chose the record).
				if (!record.typed || !name.equals("event_type")
						|| read(property.shape, Scalar.NAME, parser) == REJECT) {
					return REJECT;
				}
			}
			else {
				Object value = read(property.shape, record.targets[component], parser);
				if (value == REJECT) {
					return REJECT;
				}
				arguments[component] = value;
			}
			seen |= property.bit;
		}
		if ((seen & shape.required) != shape.required) {
			return REJECT;
		}
		try {
			return (Object) record.creator.invokeExact(arguments);
		}
		catch (Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			// The record refused the values: the stages report it.
			return REJECT;
		}
	}

	private static Object readArray(Shape shape, ListTarget list, JsonParser parser) {
		List<Object> values = new ArrayList<>();
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			Object value = (shape.items != null) ? read(shape.items, list.element, parser) : REJECT;
			if (value == REJECT) {
				return REJECT;
			}
			values.add(value);
		}
		return (values.size() >= shape.minItems && values.size() <= shape.maxItems) ? values : REJECT;
	}

	private static boolean acceptsString(Shape shape, String text) {
		if (!shape.constantsAllow((constant) -> constant.isString() && constant.stringValue().equals(text))) {
			return false;
		}
		// JSON Schema counts code points: a string of n chars has n / 2 to n of them.
		int chars = text.length();
		if (chars > shape.maxLength || chars < 2 * shape.minLength) {
			int points = text.codePointCount(0, chars);
			if (points < shape.minLength || points > shape.maxLength) {
				return false;
			}
		}
		for (Predicate<String> check : shape.strings) {
			if (!check.test(text)) {
				return false;
			}
		}
		return true;
	}

	private static Object readInteger(Shape shape, Scalar scalar, JsonParser parser) {
		if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
			return REJECT;
		}
		long value = parser.getLongValue();
		if (value == 0 && parser.getString().startsWith("-")) {
			// -0 is written back as 0.
			return REJECT;
		}
		return (value >= shape.minimum && value <= shape.maximum
				&& shape.constantsAllow((constant) -> constant.isIntegralNumber() && constant.canConvertToLong()
						&& constant.longValue() == value)) ? scalar.fromLong(value) : REJECT;
	}

	/** The compiled schema at an absolute URI with an optional JSON Pointer fragment. */
	private Shape resolve(String uri) {
		Shape known = this.compiled.get(uri);
		if (known != null) {
			return known;
		}
		JsonNode schema = this.documents.schemaAt(uri);
		Shape shape = compile(schema, SchemaDocuments.documentOf(uri));
		this.compiled.put(uri, shape);
		return shape;
	}

	/**
	 * A schema as a shape. Only the forms the contract's schemas use are compiled: a
	 * {@code $ref} alone, an {@code anyOf} of one schema and {@code {"type": "null"}},
	 * and the other keywords together; anything else fails here (and in the tests), as an
	 * unknown keyword fails {@link CompiledSchemas}.
	 */
	private Shape compile(JsonNode schema, String document) {
		List<String> keywords = new ArrayList<>();
		schema.propertyNames().forEach((name) -> {
			if (!SchemaDocuments.ANNOTATIONS.contains(name)) {
				keywords.add(name);
			}
		});
		if (keywords.contains("$ref")) {
			if (keywords.size() > 1) {
				throw new IllegalStateException("$ref beside other keywords in " + document + ": " + keywords);
			}
			return resolve(SchemaDocuments.absolute(schema.get("$ref").asString(), document));
		}
		Shape shape = new Shape();
		if (keywords.contains("anyOf")) {
			JsonNode options = schema.get("anyOf");
			if (keywords.size() > 1 || options.size() != 2) {
				throw new IllegalStateException("anyOf other than one schema or null in " + document);
			}
			int nullAt = isNullType(options.get(0)) ? 0 : 1;
			if (!isNullType(options.get(nullAt))) {
				throw new IllegalStateException("anyOf other than one schema or null in " + document);
			}
			shape.orNull = compile(options.get(1 - nullAt), document);
			return shape;
		}
		for (String keyword : keywords) {
			JsonNode value = schema.get(keyword);
			switch (keyword) {
				case "type" -> {
					if (value.isArray()) {
						value.forEach((item) -> shape.kinds.add(JsonType.of(item.asString())));
					}
					else {
						shape.kinds.add(JsonType.of(value.asString()));
					}
				}
				case "const" -> shape.constants = List.of(value);
				case "enum" -> {
					List<JsonNode> values = new ArrayList<>();
					value.forEach(values::add);
					shape.constants = values;
				}
				case "required", "properties", "additionalProperties" -> {
				}
				case "minLength" -> shape.minLength = value.intValue();
				case "maxLength" -> shape.maxLength = value.intValue();
				case "pattern" -> shape.strings.add(CompiledSchemas.patternTest(value.asString()));
				case "format" -> shape.strings.add(CompiledSchemas.formatTest(value.asString()));
				case "minimum" -> shape.minimum = whole(value.decimalValue());
				case "maximum" -> shape.maximum = whole(value.decimalValue());
				case "items" -> shape.items = compile(value, document);
				case "minItems" -> shape.minItems = value.intValue();
				case "maxItems" -> shape.maxItems = value.intValue();
				default -> throw new IllegalStateException("keyword " + keyword + " (in " + document
						+ ") is not compiled for the streamed pass; add it to StreamedAcceptance");
			}
		}
		if (schema.has("properties") || schema.has("required")) {
			compileProperties(shape, schema, document);
		}
		return shape;
	}

	private void compileProperties(Shape shape, JsonNode schema, String document) {
		JsonNode additional = schema.get("additionalProperties");
		if (additional != null && !additional.isBoolean()) {
			throw new IllegalStateException("additionalProperties must be true or false here: " + additional);
		}
		shape.properties = new HashMap<>();
		int bit = 0;
		for (var property : schema.path("properties").properties()) {
			shape.properties.put(property.getKey(), new Property(compile(property.getValue(), document), 1L << bit++));
		}
		for (JsonNode name : schema.path("required")) {
			Property property = shape.properties.get(name.asString());
			if (property == null) {
				throw new IllegalStateException("required but not declared in " + document + ": " + name);
			}
			shape.required |= property.bit;
		}
		if (bit > 64) {
			throw new IllegalStateException("more than 64 properties in one object of " + document);
		}
	}

	private static boolean isNullType(JsonNode schema) {
		return schema.size() == 1 && schema.path("type").isString() && schema.path("type").asString().equals("null");
	}

	private static long whole(BigDecimal limit) {
		try {
			return limit.longValueExact();
		}
		catch (ArithmeticException ex) {
			throw new IllegalStateException("a bound that is not a 64-bit integer: " + limit, ex);
		}
	}

	/** How the codec binds a value of {@code type}: the types the event records use. */
	private Target target(Type type) {
		if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
			return new ListTarget(target(list.getActualTypeArguments()[0]));
		}
		if (type instanceof Class<?> record && record.isRecord()) {
			RecordTarget known = this.recordTargets.get(record);
			if (known == null) {
				known = recordTarget(record);
				this.recordTargets.put(record, known);
			}
			return known;
		}
		for (Scalar scalar : Scalar.values()) {
			if (scalar.type == type) {
				return scalar;
			}
		}
		throw new IllegalStateException("no streamed binding for " + type + "; add it to StreamedAcceptance");
	}

	private RecordTarget recordTarget(Class<?> record) {
		RecordComponent[] components = record.getRecordComponents();
		Map<String, Integer> names = new HashMap<>();
		Target[] targets = new Target[components.length];
		Object[] defaults = new Object[components.length];
		Class<?>[] types = new Class<?>[components.length];
		for (int i = 0; i < components.length; i++) {
			names.put(snakeCase(components[i].getName()), i);
			targets[i] = target(components[i].getGenericType());
			types[i] = components[i].getType();
			// A property left out binds as the codec binds it: null, or a primitive's
			// zero.
			defaults[i] = (targets[i] instanceof Scalar scalar) ? scalar.missing : null;
		}
		try {
			MethodHandle creator = MethodHandles.publicLookup()
				.findConstructor(record, MethodType.methodType(void.class, types))
				.asSpreader(Object[].class, components.length)
				.asType(MethodType.methodType(Object.class, Object[].class));
			return new RecordTarget(creator, Map.copyOf(names), targets, defaults,
					Event.class.isAssignableFrom(record));
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("no canonical constructor of " + record, ex);
		}
	}

	/** {@code unitPriceCents} as the codec names it: {@code unit_price_cents}. */
	private static String snakeCase(String name) {
		StringBuilder snake = new StringBuilder(name.length() + 4);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isUpperCase(c)) {
				snake.append('_').append(Character.toLowerCase(c));
			}
			else {
				snake.append(c);
			}
		}
		return snake.toString();
	}

	/** How a value becomes what a record component holds. */
	private sealed interface Target permits Scalar, RecordTarget, ListTarget {

	}

	/** A scalar component type, made from one JSON scalar. */
	private enum Scalar implements Target {

		STRING(String.class), UUID_(UUID.class), INSTANT(Instant.class), DATE(LocalDate.class), INT(int.class),
		LONG(long.class), BOOLEAN(boolean.class), BOXED_INT(Integer.class), BOXED_LONG(Long.class),
		BOXED_BOOLEAN(Boolean.class),
		/** The event's type name: read, checked, not bound. */
		NAME(Void.class);

		final Class<?> type;

		final boolean primitive;

		/** What the codec binds when the property is left out. */
		final Object missing;

		Scalar(Class<?> type) {
			this.type = type;
			this.primitive = type.isPrimitive();
			this.missing = (type == int.class) ? (Object) 0
					: (type == long.class) ? (Object) 0L : (type == boolean.class) ? Boolean.FALSE : null;
		}

		Object fromString(String text) {
			try {
				return switch (this) {
					case STRING, NAME -> text;
					case UUID_ -> UUID.fromString(text);
					case INSTANT -> Timestamps.parse(text);
					case DATE -> LocalDate.parse(text);
					default -> REJECT;
				};
			}
			catch (RuntimeException ex) {
				return REJECT;
			}
		}

		Object fromLong(long value) {
			return switch (this) {
				case INT, BOXED_INT -> (value == (int) value) ? (Object) (int) value : REJECT;
				case LONG, BOXED_LONG -> value;
				default -> REJECT;
			};
		}

		Object fromBoolean(boolean value) {
			return (this == BOOLEAN || this == BOXED_BOOLEAN) ? (Object) value : REJECT;
		}

	}

	/**
	 * A record: its canonical constructor taking the argument array, its components by
	 * JSON name, and whether it is an event (whose {@code event_type} is read, not
	 * bound).
	 */
	private record RecordTarget(MethodHandle creator, Map<String, Integer> components, Target[] targets,
			Object[] defaults, boolean typed) implements Target {
	}

	/** A list of one element type. */
	private record ListTarget(Target element) implements Target {
	}

	/** One compiled schema. */
	private static final class Shape {

		/** Allowed types; none for any. */
		final EnumSet<JsonType> kinds = EnumSet.noneOf(JsonType.class);

		/** The values of {@code const} or {@code enum}; null for any. */
		List<JsonNode> constants;

		int minLength;

		int maxLength = Integer.MAX_VALUE;

		final List<Predicate<String>> strings = new ArrayList<>(2);

		long minimum = Long.MIN_VALUE;

		long maximum = Long.MAX_VALUE;

		Shape items;

		int minItems;

		int maxItems = Integer.MAX_VALUE;

		Map<String, Property> properties;

		long required;

		/** For {@code anyOf} of a schema and null: the schema. */
		Shape orNull;

		boolean allows(JsonType kind) {
			// An integer is a number too.
			return this.kinds.isEmpty() || this.kinds.contains(kind)
					|| (kind == JsonType.INTEGER && this.kinds.contains(JsonType.NUMBER));
		}

		boolean constantsAllow(Predicate<JsonNode> equal) {
			if (this.constants == null) {
				return true;
			}
			for (JsonNode constant : this.constants) {
				if (equal.test(constant)) {
					return true;
				}
			}
			return false;
		}

	}

	/** A declared property: its schema and its bit among those seen. */
	private record Property(Shape shape, long bit) {
	}

}
