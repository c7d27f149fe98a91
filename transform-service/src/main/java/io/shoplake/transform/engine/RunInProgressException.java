package io.shoplake.transform.engine;

/** A run is going on; runs never overlap. */
public final class RunInProgressException extends RuntimeException {

	private final String runId;

	public RunInProgressException(String runId) {
		super("run " + runId + " is in progress; runs never overlap");
		this.runId = runId;
	}

	public String runId() {
		return this.runId;
	}

}
