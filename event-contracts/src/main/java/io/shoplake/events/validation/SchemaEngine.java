package io.shoplake.events.validation;

/** Which implementation checks the JSON Schema stage; both give the same verdicts. */
public enum SchemaEngine {

	/** The schemas compiled into checks ({@code CompiledSchemas}): the default. */
	COMPILED,

	/**
	 * The general-purpose networknt validator: the reference the compiled checks are
	 * tested against.
	 */
	REFERENCE

}
