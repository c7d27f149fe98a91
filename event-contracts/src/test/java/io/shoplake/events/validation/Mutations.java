package io.shoplake.events.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded mutations of an event's JSON for the validators' differential tests: one value
 * removed, nulled, given another type, made too long or empty, out of its enum or
 * pattern, an impossible date or time, a negative, fractional, huge or out-of-range
 * number, an object or array in its place, astral characters, or an extra field beside
 * it.
 */
public final class Mutations {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private Mutations() {
	}

	/** Changes one value of {@code event} at random; returns what it did. */
	public static String mutate(ObjectNode event, Random random) {
		List<String> paths = new ArrayList<>();
		collect(event, "", paths);
		String path = paths.get(random.nextInt(paths.size()));
		JsonNode parentNode = event.at(path.substring(0, path.lastIndexOf('/')));
		String key = path.substring(path.lastIndexOf('/') + 1);
		JsonNode current = event.at(path);
		int kind = random.nextInt(17);
		JsonNode replacement = switch (kind) {
			case 0 -> null;
			case 1 -> nodes.nullNode();
			case 2 -> current.isString() ? nodes.numberNode(42) : nodes.stringNode("42");
			case 3 -> nodes.stringNode("x".repeat(1 + random.nextInt(3000)));
			case 4 -> nodes.stringNode("");
			case 5 -> current.isString() ? nodes.stringNode(current.asString().toUpperCase()) : nodes.booleanNode(true);
			case 6 -> nodes.stringNode("2026-02-30T10:00:00.000Z");
			case 7 -> nodes.numberNode(-1);
			case 8 -> nodes.numberNode(new BigDecimal("1.0"));
			case 9 -> nodes.numberNode(1.5);
			case 10 -> nodes.numberNode(new BigDecimal("1e20"));
			case 11 -> nodes.objectNode().put("unexpected", 1);
			case 12 -> nodes.arrayNode().add(current.deepCopy());
			case 13 -> nodes.stringNode("2026-11-24T25:61:00.000Z");
			case 14 -> nodes.numberNode(new BigInteger("100000000000000000000"));
			case 15 -> current.isNumber() ? nodes.numberNode(current.asLong() + 1)
					: nodes.stringNode("𝄞".repeat(random.nextInt(3)));
			default -> nodes.numberNode(new BigDecimal("1e999"));
		};
		if (parentNode instanceof ObjectNode parent) {
			if (kind == 0) {
				parent.remove(key);
			}
			else if (random.nextInt(10) == 0) {
				parent.set("extra_" + key, replacement);
			}
			else {
				parent.set(key, replacement);
			}
		}
		else if (parentNode instanceof ArrayNode array) {
			int index = Integer.parseInt(key);
			if (kind == 0) {
				array.remove(index);
			}
			else {
				array.set(index, replacement);
			}
		}
		return "mutation " + kind + " at " + path;
	}

	private static void collect(JsonNode node, String path, List<String> into) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				String child = path + "/" + field.getKey();
				into.add(child);
				collect(field.getValue(), child, into);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				String child = path + "/" + i;
				into.add(child);
				collect(node.get(i), child, into);
			}
		}
	}

}
