package io.shoplake.events.validation;

import java.util.List;

import io.shoplake.events.EventType;
import tools.jackson.databind.JsonNode;

/** The JSON Schema stage: one event against the schema of its type and version. */
interface SchemaCheck {

	/** The schema errors of {@code json} (none when it conforms). */
	List<ValidationError> check(EventType type, int version, JsonNode json);

}
