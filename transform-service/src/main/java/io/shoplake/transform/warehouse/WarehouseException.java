package io.shoplake.transform.warehouse;

/** A statement failed in the warehouse. */
public class WarehouseException extends RuntimeException {

	public WarehouseException(String message, Throwable cause) {
		super(message, cause);
	}

}
