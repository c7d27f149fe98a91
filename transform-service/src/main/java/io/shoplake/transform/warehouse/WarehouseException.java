package io.shoplake.transform.warehouse;

/**
 * A statement failed in the warehouse. {@link #isTransient()} tells a failure worth
 * retrying (I/O, a lock or write conflict, a rate limit) from one that will fail again
 * (the SQL is wrong), which fails fast.
 */
public class WarehouseException extends RuntimeException {

	private final boolean transientFailure;

	public WarehouseException(String message, Throwable cause) {
		this(message, cause, isTransient(message));
	}

	public WarehouseException(String message, Throwable cause, boolean transientFailure) {
		super(message, cause);
		this.transientFailure = transientFailure;
	}

	public boolean isTransient() {
		return this.transientFailure;
	}

	/** DuckDB's error classes for failures that may pass on a second try. */
	private static boolean isTransient(String message) {
		return message != null && (message.startsWith("IO Error") || message.contains("Could not set lock")
				|| message.contains("TransactionContext Error: Conflict") || message.startsWith("Out of Memory"));
	}

}
