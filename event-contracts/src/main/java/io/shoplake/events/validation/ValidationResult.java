package io.shoplake.events.validation;

import java.util.List;

import io.shoplake.events.Event;
import tools.jackson.databind.node.ObjectNode;

/**
 * Outcome of {@link EventValidator#validate(byte[])}: a typed event with the JSON it came
 * from, or the errors of the first stage that failed.
 */
public sealed interface ValidationResult {

	boolean isValid();

	/**
	 * A payload that passed every stage.
	 *
	 * @param event the typed event
	 * @param json the parsed payload, as received (ingest appends its fields to it)
	 */
	record Valid(Event event, ObjectNode json) implements ValidationResult {

		@Override
		public boolean isValid() {
			return true;
		}

	}

	/**
	 * A rejected payload; every error is of the same stage.
	 *
	 * @param errors at least one
	 */
	record Invalid(List<ValidationError> errors) implements ValidationResult {

		public Invalid {
			if (errors.isEmpty()) {
				throw new IllegalArgumentException("an invalid result needs at least one error");
			}
			errors = List.copyOf(errors);
		}

		@Override
		public boolean isValid() {
			return false;
		}

		/** The stage that rejected the payload. */
		public Stage stage() {
			return this.errors.get(0).stage();
		}

	}

}
