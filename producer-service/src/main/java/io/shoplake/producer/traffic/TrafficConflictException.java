package io.shoplake.producer.traffic;

/**
 * The request does not fit the current state of traffic (start twice, rate with nothing
 * running).
 */
public final class TrafficConflictException extends RuntimeException {

	public TrafficConflictException(String message) {
		super(message);
	}

}
