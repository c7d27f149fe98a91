package io.shoplake.transform.engine;

/**
 * A run stopped between two steps: cancelled by request, past its deadline, or because
 * the service is shutting down. The run is recorded {@code cancelled}; what it built
 * before stays recorded, what it did not build stays missing for the next run.
 */
public final class RunCancelledException extends RuntimeException {

	RunCancelledException(String reason) {
		super(reason);
	}

}
