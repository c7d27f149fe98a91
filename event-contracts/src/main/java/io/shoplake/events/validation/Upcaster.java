package io.shoplake.events.validation;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an event of an older version in the terms of its type's newest version: every
 * field a newer version added gets the {@code default} its schema declares, which says
 * what the older event meant (an order of version 1 added its tax on top, so its
 * {@code prices_include_tax} is false; it had no variants, so its lines' variants are
 * null). Works on a copy; the event as received is what the lake keeps.
 */
final class Upcaster {

	private Upcaster() {
	}

	/**
	 * A copy of {@code event} (valid against an older version's schema) with the fields
	 * of {@code newest} it lacks set to their defaults.
	 */
	static ObjectNode upcast(ObjectNode event, JsonNode newest) {
		ObjectNode copy = event.deepCopy();
		fill(copy, newest);
		return copy;
	}

	private static void fill(ObjectNode object, JsonNode schema) {
		for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
			JsonNode value = object.get(property.getKey());
			if (value == null) {
				JsonNode fallback = property.getValue().get("default");
				if (fallback == null) {
					throw new IllegalStateException("field " + property.getKey() + " was added by a newer version "
							+ "without a default saying what older events mean");
				}
				object.set(property.getKey(), fallback.deepCopy());
			}
			else if (value.isArray() && property.getValue().path("items").has("properties")) {
				for (JsonNode element : value) {
					if (element instanceof ObjectNode nested) {
						fill(nested, property.getValue().get("items"));
					}
				}
			}
		}
	}

}
