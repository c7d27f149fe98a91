package io.shoplake.events;

/**
 * One line of an {@link OrderCompleted} order. Its net value is
 * {@code quantity * unitPriceCents - discountCents}.
 *
 * @param lineId unique within the order; refunds name it
 * @param productId product bought
 * @param variantId variant (SKU) bought; null in version 1 orders
 * @param variant the variant's label, e.g. M or 256 GB; null in version 1 orders
 * @param quantity units, positive
 * @param unitPriceCents price of one unit before discounts
 * @param discountCents discount on the whole line
 */
public record OrderLine(String lineId, String productId, String variantId, String variant, int quantity,
		long unitPriceCents, long discountCents) {

	/** Quantity times unit price, before any discount. */
	public long grossCents() {
		return Math.multiplyExact(this.quantity, this.unitPriceCents);
	}

	/** Gross minus the line discount. */
	public long netCents() {
		return Math.subtractExact(grossCents(), this.discountCents);
	}

}
