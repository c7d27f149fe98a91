package io.shoplake.transform.reconcile;

/** Reconciliation was asked for before any run built the marts it reads. */
public class MartsNotBuiltException extends RuntimeException {

	MartsNotBuiltException(String mart) {
		super(mart + " has not been built yet: POST /runs (or wait for the schedule) first");
	}

}
