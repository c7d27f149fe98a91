package io.shoplake.transform.reconcile;

import java.time.LocalDate;
import java.util.Map;

/**
 * One compared figure: a measure of a day (or of all time), maybe of one key.
 *
 * @param date the event date; null for all-time figures (the quarantine)
 * @param measure what is measured, e.g. {@code net_cents}, {@code product_units}
 * @param key the product, campaign or stage, if the measure has one
 */
record Figure(LocalDate date, String measure, String key) implements Comparable<Figure> {

	/** Adds {@code value} to {@code figure} in {@code figures}; zeros are left out. */
	static void put(Map<Figure, Long> figures, Figure figure, long value) {
		if (value != 0) {
			figures.merge(figure, value, Long::sum);
		}
	}

	@Override
	public int compareTo(Figure other) {
		int byDate = compare(this.date, other.date);
		if (byDate != 0) {
			return byDate;
		}
		int byMeasure = this.measure.compareTo(other.measure);
		return (byMeasure != 0) ? byMeasure : compare(this.key, other.key);
	}

	private static <T extends Comparable<T>> int compare(T left, T right) {
		if (left == null || right == null) {
			return (left == null) ? ((right == null) ? 0 : -1) : 1;
		}
		return left.compareTo(right);
	}

}
