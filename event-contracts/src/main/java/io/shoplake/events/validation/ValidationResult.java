package io.shoplake.events.validation;

import java.util.List;

import io.shoplake.events.Event;

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
	 * @param json the payload as received, written compactly (the same JSON, no
	 * whitespace between tokens): what ingest stores, with its fields appended
	 */
	record Valid(Event event, byte[] json) implements ValidationResult {

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
