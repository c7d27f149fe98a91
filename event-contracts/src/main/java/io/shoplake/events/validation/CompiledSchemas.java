package io.shoplake.events.validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.networknt.schema.format.Format;
import com.networknt.schema.format.Formats;
import io.shoplake.events.EventType;
import tools.jackson.databind.JsonNode;

/**
 * The contract's JSON Schemas compiled once into checks over a parsed event: the keywords
 * the schemas use (type, const, enum, required, properties, additionalProperties,
 * minLength, maxLength, pattern, format, minimum, maximum, items, minItems, maxItems,
 * anyOf, $ref), evaluated as JSON Schema 2020-12 defines them, each error at the JSON
 * Pointer of the value it is about. It gives the verdicts and error paths of the
 * general-purpose validator ({@code NetworkntSchemas}, checked by the differential test
 * over the invalid-payload corpus and 100,000 simulated events) in a fraction of its
 * time: no keyword lookup, no evaluation context, no path objects unless there is an
 * error. A schema using any other keyword does not compile (add it here, and to the
 * differential test). Formats ({@code uuid}, {@code date-time}, {@code date}) use the
 * general-purpose validator's own implementations, and patterns the JDK's regular
 * expressions, after a hand-written check that accepts the common shapes at once
 * ({@link QuickAccept}). Thread-safe.
 */
final class CompiledSchemas implements SchemaCheck {

	private static final Map<String, Format> FORMATS = Formats.DEFAULT.stream()
		.collect(Collectors.toMap(Format::getName, (format) -> format, (a, b) -> a));

	private final Map<EventType, Node[]> schemas = new EnumMap<>(EventType.class);

	private final SchemaDocuments documents = new SchemaDocuments();

	private final Map<String, Node> compiled = new HashMap<>();

	CompiledSchemas() {
		for (EventType type : EventType.values()) {
			Node[] versions = new Node[type.version()];
			for (int version = 1; version <= type.version(); version++) {
				versions[version - 1] = resolve(SchemaDocuments.uri(type, version));
			}
			this.schemas.put(type, versions);
		}
	}

	@Override
	public List<ValidationError> check(EventType type, int version, JsonNode json) {
		List<ValidationError> errors = new ArrayList<>(0);
		this.schemas.get(type)[version - 1].check(json, new StringBuilder(64), errors);
		return errors;
	}

	/** The compiled schema at an absolute URI with an optional JSON Pointer fragment. */
	private Node resolve(String uri) {
		Node known = this.compiled.get(uri);
		if (known != null) {
			return known;
		}
		JsonNode schema = this.documents.schemaAt(uri);
		Node node = new Node();
		// Registered before compiling: a schema may refer to itself.
		this.compiled.put(uri, node);
		compile(node, schema, SchemaDocuments.documentOf(uri));
		return node;
	}

	private Node compile(JsonNode schema, String document) {
		Node node = new Node();
		compile(node, schema, document);
		return node;
	}

	private void compile(Node node, JsonNode schema, String document) {
		if (!schema.isObject()) {
			throw new IllegalStateException("a schema must be an object: " + schema);
		}
		List<Check> checks = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : schema.properties()) {
			String keyword = entry.getKey();
			JsonNode value = entry.getValue();
			if (SchemaDocuments.ANNOTATIONS.contains(keyword) || keyword.equals("properties")
					|| keyword.equals("additionalProperties")) {
				continue;
			}
			checks.add(switch (keyword) {
				case "type" -> type(value);
				case "const" -> constant(value);
				case "enum" -> enumeration(value);
				case "required" -> required(value);
				case "minLength" -> length(value.intValue(), true);
				case "maxLength" -> length(value.intValue(), false);
				case "pattern" -> pattern(value.asString());
				case "format" -> format(value.asString());
				case "minimum" -> bound(value.decimalValue(), true);
				case "maximum" -> bound(value.decimalValue(), false);
				case "items" -> items(compile(value, document));
				case "minItems" -> itemCount(value.intValue(), true);
				case "maxItems" -> itemCount(value.intValue(), false);
				case "anyOf" -> anyOf(value, document);
				case "$ref" -> reference(value.asString(), document);
				default -> throw new IllegalStateException("keyword " + keyword + " (in " + document
						+ ") is not compiled; add it to CompiledSchemas and to the differential test");
			});
		}
		if (schema.has("properties") || schema.has("additionalProperties")) {
			checks.add(properties(schema.path("properties"), schema.get("additionalProperties"), document));
		}
		node.checks = checks.toArray(Check[]::new);
	}

	private Check reference(String ref, String document) {
		Node target = resolve(SchemaDocuments.absolute(ref, document));
		return target::check;
	}

	private static Check type(JsonNode value) {
		EnumSet<JsonType> allowed = EnumSet.noneOf(JsonType.class);
		if (value.isArray()) {
			value.forEach((item) -> allowed.add(JsonType.of(item.asString())));
		}
		else {
			allowed.add(JsonType.of(value.asString()));
		}
		String expected = allowed.stream()
			.map((type) -> type.name().toLowerCase(Locale.ROOT))
			.collect(Collectors.joining(" or "));
		return (node, path, errors) -> {
			for (JsonType type : allowed) {
				if (type.matches(node)) {
					return;
				}
			}
			errors.add(error(path, expected + " expected, found " + JsonType.describe(node)));
		};
	}

	private static Check constant(JsonNode expected) {
		return (node, path, errors) -> {
			if (!same(node, expected)) {
				errors.add(error(path, "must be " + expected));
			}
		};
	}

	private static Check enumeration(JsonNode values) {
		List<JsonNode> allowed = new ArrayList<>();
		values.forEach(allowed::add);
		String list = allowed.stream().map(JsonNode::toString).collect(Collectors.joining(", "));
		return (node, path, errors) -> {
			for (JsonNode value : allowed) {
				if (same(node, value)) {
					return;
				}
			}
			errors.add(error(path, "must be one of [" + list + "]"));
		};
	}

	private static Check required(JsonNode names) {
		String[] required = new String[names.size()];
		for (int i = 0; i < required.length; i++) {
			required[i] = names.get(i).asString();
		}
		return (node, path, errors) -> {
			if (!node.isObject()) {
				return;
			}
			for (String name : required) {
				if (!node.has(name)) {
					errors.add(new ValidationError(Stage.SCHEMA, path.toString() + "/" + name,
							"required property '" + name + "' is missing"));
				}
			}
		};
	}

	private Check properties(JsonNode declared, JsonNode additional, String document) {
		Map<String, Node> properties = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> property : declared.properties()) {
			properties.put(property.getKey(), compile(property.getValue(), document));
		}
		if (additional != null && !(additional.isBoolean())) {
			throw new IllegalStateException("additionalProperties must be true or false here: " + additional);
		}
		boolean closed = additional != null && !additional.asBoolean();
		Set<String> names = new HashSet<>(properties.keySet());
		return (node, path, errors) -> {
			if (!node.isObject()) {
				return;
			}
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				Node schema = properties.get(field.getKey());
				if (schema != null) {
					int length = path.length();
					path.append('/').append(field.getKey());
					schema.check(field.getValue(), path, errors);
					path.setLength(length);
				}
				else if (closed && !names.contains(field.getKey())) {
					errors.add(new ValidationError(Stage.SCHEMA, path.toString() + "/" + field.getKey(),
							"property '" + field.getKey() + "' is not defined in the schema"));
				}
			}
		};
	}

	private static Check length(int limit, boolean minimum) {
		return (node, path, errors) -> {
			if (!node.isString()) {
				return;
			}
			String text = node.stringValue();
			// Code points, as JSON Schema counts; a string of n chars has at most n.
			if (minimum ? text.length() < limit || text.codePointCount(0, text.length()) < limit
					: text.length() > limit && text.codePointCount(0, text.length()) > limit) {
				errors.add(error(path, "must be at " + (minimum ? "least " : "most ") + limit + " characters long"));
			}
		};
	}

	private static Check pattern(String regex) {
		Predicate<String> test = patternTest(regex);
		return (node, path, errors) -> {
			if (node.isString() && !test.test(node.stringValue())) {
				errors.add(error(path, "does not match the pattern " + regex));
			}
		};
	}

	/**
	 * Whether a string matches {@code regex} as JSON Schema's {@code pattern} means it
	 * (found anywhere), the common shapes accepted by hand first.
	 */
	static Predicate<String> patternTest(String regex) {
		Pattern pattern = Pattern.compile(regex);
		Predicate<String> quick = QuickAccept.pattern(regex);
		return (quick != null) ? (text) -> quick.test(text) || pattern.matcher(text).find()
				: (text) -> pattern.matcher(text).find();
	}

	private static Check format(String name) {
		Predicate<String> test = formatTest(name);
		return (node, path, errors) -> {
			if (node.isString() && !test.test(node.stringValue())) {
				errors.add(error(path, "is not a valid " + name));
			}
		};
	}

	/**
	 * Whether a string is of the format {@code name}, by the general-purpose validator's
	 * own implementation, the common shapes accepted by hand first.
	 */
	static Predicate<String> formatTest(String name) {
		Format format = FORMATS.get(name);
		if (format == null) {
			throw new IllegalStateException("unknown format " + name);
		}
		Predicate<String> quick = QuickAccept.format(name);
		return (quick != null) ? (text) -> quick.test(text) || format.matches(null, text)
				: (text) -> format.matches(null, text);
	}

	private static Check bound(BigDecimal limit, boolean minimum) {
		return (node, path, errors) -> {
			if (!node.isNumber()) {
				return;
			}
			BigDecimal value = decimal(node);
			if (value == null) {
				// Not a finite number: the type check reports it (as the reference does).
				return;
			}
			int comparison = value.compareTo(limit);
			if (minimum ? comparison < 0 : comparison > 0) {
				errors.add(error(path, "must be " + (minimum ? "at least " : "at most ") + limit.toPlainString()));
			}
		};
	}

	private static Check items(Node schema) {
		return (node, path, errors) -> {
			if (!node.isArray()) {
				return;
			}
			for (int i = 0; i < node.size(); i++) {
				int length = path.length();
				path.append('/').append(i);
				schema.check(node.get(i), path, errors);
				path.setLength(length);
			}
		};
	}

	private static Check itemCount(int limit, boolean minimum) {
		return (node, path, errors) -> {
			if (node.isArray() && (minimum ? node.size() < limit : node.size() > limit)) {
				errors.add(error(path, "must have at " + (minimum ? "least " : "most ") + limit + " items"));
			}
		};
	}

	private Check anyOf(JsonNode alternatives, String document) {
		Node[] options = new Node[alternatives.size()];
		for (int i = 0; i < options.length; i++) {
			options[i] = compile(alternatives.get(i), document);
		}
		return (node, path, errors) -> {
			List<ValidationError> all = new ArrayList<>();
			for (Node option : options) {
				List<ValidationError> mine = new ArrayList<>(0);
				option.check(node, path, mine);
				if (mine.isEmpty()) {
					return;
				}
				all.addAll(mine);
			}
			errors.addAll(all);
		};
	}

	/** Whether two JSON values are equal as JSON Schema defines it (1 equals 1.0). */
	private static boolean same(JsonNode a, JsonNode b) {
		if (a.isNumber() && b.isNumber()) {
			BigDecimal x = decimal(a);
			BigDecimal y = decimal(b);
			return (x != null && y != null) ? x.compareTo(y) == 0 : a.doubleValue() == b.doubleValue();
		}
		return a.equals(b);
	}

	/** A number's exact value; null when it is not finite (a double out of range). */
	static BigDecimal decimal(JsonNode number) {
		if (number.isDouble() || number.isFloat()) {
			double value = number.doubleValue();
			if (Double.isNaN(value) || Double.isInfinite(value)) {
				return null;
			}
		}
		return number.decimalValue();
	}

	private static ValidationError error(StringBuilder path, String message) {
		return new ValidationError(Stage.SCHEMA, path.toString(), message);
	}

	/** One compiled schema: its checks, all applied. */
	private static final class Node {

		private Check[] checks = new Check[0];

		void check(JsonNode value, StringBuilder path, List<ValidationError> errors) {
			for (Check check : this.checks) {
				check.check(value, path, errors);
			}
		}

	}

	@FunctionalInterface
	private interface Check {

		void check(JsonNode value, StringBuilder path, List<ValidationError> errors);

	}

	/** The JSON Schema types (also {@link StreamedAcceptance}'s). */
	enum JsonType {

		STRING, INTEGER, NUMBER, OBJECT, ARRAY, BOOLEAN, NULL;

		static JsonType of(String name) {
			return valueOf(name.toUpperCase(Locale.ROOT));
		}

		boolean matches(JsonNode node) {
			return switch (this) {
				case STRING -> node.isString();
				case INTEGER -> node.isIntegralNumber() || (node.isNumber() && isWhole(node));
				case NUMBER -> node.isNumber();
				case OBJECT -> node.isObject();
				case ARRAY -> node.isArray();
				case BOOLEAN -> node.isBoolean();
				case NULL -> node.isNull();
			};
		}

		private static boolean isWhole(JsonNode node) {
			BigDecimal value = decimal(node);
			return value != null
					&& (value.signum() == 0 || value.scale() <= 0 || value.stripTrailingZeros().scale() <= 0);
		}

		static String describe(JsonNode node) {
			return node.getNodeType().name().toLowerCase(Locale.ROOT);
		}

	}

}
