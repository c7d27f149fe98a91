package io.shoplake.producer.simulation;

import java.util.List;

/**
 * What the shop remembers of one visitor between sessions: whether they registered, how
 * often they ordered, the cart they left, their last ad click (for last-click
 * attribution) and when their last session ended. Only the visitor's own sessions change
 * it, in time order, on the visitor's shard. Kept only while the visitor may come back.
 */
final class VisitorState {

	boolean registered;

	int orders;

	OpenCart cart;

	String lastClickId;

	long lastClickAt;

	/** End of the last session (epoch millis): a person does not run two at once. */
	long busyUntil;

	/** Visits scheduled outside the visitor's rhythm (a reminder) not yet made. */
	int followUps;

	/** Whether the visitor's own rhythm brings them back (a follow-up does not tell). */
	boolean comingBack;

	/** Whether there is anything worth keeping. */
	boolean blank() {
		return !this.registered && this.cart == null && this.lastClickId == null && this.followUps == 0;
	}

	/**
	 * A cart left with items in it.
	 *
	 * @param cartId the cart
	 * @param lines its lines, with the unit price when added
	 * @param since when it was last changed (epoch millis)
	 */
	record OpenCart(String cartId, List<CartLine> lines, long since) {
	}

	/**
	 * One variant in a cart.
	 *
	 * @param product the product
	 * @param variant the SKU
	 * @param quantity units
	 * @param unitPriceCents price when added
	 */
	record CartLine(Catalog.Product product, Catalog.Variant variant, int quantity, long unitPriceCents) {
	}

}
