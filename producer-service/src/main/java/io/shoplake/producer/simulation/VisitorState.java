package io.shoplake.producer.simulation;

import java.time.Instant;
import java.util.List;

/**
 * What the shop remembers of one visitor between sessions: whether they registered, the
 * cart they left behind and their last ad click (for last-click attribution). Only the
 * visitor's own sessions change it, in time order, so visitors can be simulated in
 * parallel.
 */
final class VisitorState {

	boolean registered;

	OpenCart abandonedCart;

	String lastClickId;

	Instant lastClickAt;

	/** End of the visitor's last session: a person does not run two sessions at once. */
	Instant busyUntil = Instant.MIN;

	/**
	 * A cart left with items in it.
	 *
	 * @param cartId the cart
	 * @param lines product and quantity per line, with the unit price when added
	 */
	record OpenCart(String cartId, List<CartLine> lines) {
	}

	/**
	 * One product in a cart.
	 *
	 * @param product the product
	 * @param quantity units
	 * @param unitPriceCents price when added
	 */
	record CartLine(Catalog.Product product, int quantity, long unitPriceCents) {
	}

}
