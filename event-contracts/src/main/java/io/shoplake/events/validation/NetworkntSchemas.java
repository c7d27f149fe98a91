package io.shoplake.events.validation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.shoplake.events.EventType;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schema stage on the general-purpose networknt validator (draft 2020-12, format
 * assertions on, JSON Pointer paths): the reference {@link CompiledSchemas} is tested
 * against ({@link SchemaEngine#REFERENCE}). Thread-safe.
 */
final class NetworkntSchemas implements SchemaCheck {

	/** Per type, the schema of each version (index = version - 1). */
	private final Map<EventType, Schema[]> schemas = load();

	@Override
	public List<ValidationError> check(EventType type, int version, JsonNode json) {
		// A library failure on a value is turned into a rejection by EventValidator.
		List<Error> found = this.schemas.get(type)[version - 1].validate(json);
		List<ValidationError> errors = new ArrayList<>(found.size());
		for (Error error : found) {
			String path = error.getInstanceLocation().toString();
			if (error.getProperty() != null
					&& ("required".equals(error.getKeyword()) || "additionalProperties".equals(error.getKeyword()))) {
				path = path + "/" + error.getProperty();
			}
			errors.add(ValidationError.schema(path, error.getMessage()));
		}
		return errors;
	}

	private static Map<EventType, Schema[]> load() {
		SchemaRegistryConfig config = SchemaRegistryConfig.builder()
			.pathType(PathType.JSON_POINTER)
			.formatAssertionsEnabled(true)
			.build();
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				(builder) -> builder.schemaRegistryConfig(config)
					.schemaIdResolvers(
							(resolvers) -> resolvers.mapPrefix(EventValidator.SCHEMA_BASE, "classpath:schemas/")));
		Map<EventType, Schema[]> schemas = new EnumMap<>(EventType.class);
		for (EventType type : EventType.values()) {
			Schema[] versions = new Schema[type.version()];
			for (int version = 1; version <= type.version(); version++) {
				versions[version - 1] = registry.getSchema(SchemaLocation
					.of(EventValidator.SCHEMA_BASE + "v" + version + "/" + type.wireName() + ".json"));
				versions[version - 1].initializeValidators();
			}
			schemas.put(type, versions);
		}
		return schemas;
	}

}
