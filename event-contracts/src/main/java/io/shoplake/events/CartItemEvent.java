package io.shoplake.events;

/**
 * What {@link CartItemAdded} and {@link CartItemRemoved} have in common: units of one
 * product at one unit price, put into or taken out of a cart.
 */
public interface CartItemEvent {

	String cartId();

	String productId();

	/** Null in version 1 events, which had no variants. */
	String variantId();

	/** Null in version 1 events, which had no variants. */
	String variant();

	int quantity();

	long unitPriceCents();

}
