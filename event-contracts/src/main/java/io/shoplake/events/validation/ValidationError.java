package io.shoplake.events.validation;

/**
 * One reason a payload was rejected.
 *
 * @param stage where it was rejected
 * @param path JSON Pointer (RFC 6901) of the offending value; {@code ""} is the whole
 * payload
 * @param message what is wrong, in words a person can act on
 */
public record ValidationError(Stage stage, String path, String message) {

	static ValidationError json(String message) {
		return new ValidationError(Stage.JSON, "", message);
	}

	static ValidationError schema(String path, String message) {
		return new ValidationError(Stage.SCHEMA, path, message);
	}

	static ValidationError semantic(String path, String message) {
		return new ValidationError(Stage.SEMANTIC, path, message);
	}

}
