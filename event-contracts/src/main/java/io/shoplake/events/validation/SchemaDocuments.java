package io.shoplake.events.validation;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.shoplake.events.ContractResources;
import io.shoplake.events.EventType;
import tools.jackson.databind.JsonNode;

/**
 * The contract's schema documents, as the compiled checks read them: each loaded once
 * from the classpath, a schema found by absolute URI and JSON Pointer fragment, a
 * relative {@code $ref} resolved against its document. Not thread-safe: used while
 * compiling.
 */
final class SchemaDocuments {

	/** Keywords that only annotate. */
	static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$defs", "title", "description", "examples",
			"default", "$comment");

	private final Map<String, JsonNode> documents = new HashMap<>();

	/** The URI of one version of a type's schema. */
	static String uri(EventType type, int version) {
		return EventValidator.SCHEMA_BASE + "v" + version + "/" + type.wireName() + ".json";
	}

	/** The document part of {@code uri} (before any fragment). */
	static String documentOf(String uri) {
		int hash = uri.indexOf('#');
		return (hash < 0) ? uri : uri.substring(0, hash);
	}

	/** The absolute URI of {@code ref}, found in {@code document}. */
	static String absolute(String ref, String document) {
		return ref.startsWith("https://") ? ref : document.substring(0, document.lastIndexOf('/') + 1) + ref;
	}

	/** The schema at an absolute URI with an optional JSON Pointer fragment. */
	JsonNode schemaAt(String uri) {
		String document = documentOf(uri);
		String pointer = uri.substring(document.length()).replaceFirst("^#", "");
		JsonNode root = this.documents.computeIfAbsent(document, SchemaDocuments::read);
		JsonNode schema = pointer.isEmpty() ? root : root.at(pointer);
		if (schema.isMissingNode()) {
			throw new IllegalStateException("no schema at " + uri);
		}
		return schema;
	}

	private static JsonNode read(String document) {
		if (!document.startsWith(EventValidator.SCHEMA_BASE)) {
			throw new IllegalStateException("schema outside the contract: " + document);
		}
		return ContractResources.json("schemas/" + document.substring(EventValidator.SCHEMA_BASE.length()));
	}

}
