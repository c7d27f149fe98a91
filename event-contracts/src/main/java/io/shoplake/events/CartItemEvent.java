package io.shoplake.events;

/**
 * What {@link CartItemAdded} and {@link CartItemRemoved} have in common: units of one
 * product at one unit price, put into or taken out of a cart.
 */
public interface CartItemEvent {

	String cartId();

	String productId();

	int quantity();

	long unitPriceCents();

}
