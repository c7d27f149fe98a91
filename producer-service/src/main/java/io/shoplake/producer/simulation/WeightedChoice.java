package io.shoplake.producer.simulation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws an index with probability proportional to its weight (cumulative table, binary
 * search).
 */
final class WeightedChoice {

	private final double[] cumulative;

	WeightedChoice(double[] weights) {
		this.cumulative = new double[weights.length];
		double sum = 0;
		for (int i = 0; i < weights.length; i++) {
			sum += weights[i];
			this.cumulative[i] = sum;
		}
		if (!(sum > 0)) {
			throw new IllegalArgumentException("weights must have a positive sum");
		}
	}

	/** Weights {@code 1 / rank^exponent} for ranks 1..n: a Zipf distribution. */
	static WeightedChoice zipf(int n, double exponent) {
		double[] weights = new double[n];
		for (int i = 0; i < n; i++) {
			weights[i] = 1.0 / Math.pow(i + 1, exponent);
		}
		return new WeightedChoice(weights);
	}

	/**
	 * Bell-shaped weights over {@code n} ordered choices, the middle ones commonest (how
	 * sizes sell).
	 */
	static WeightedChoice bell(int n) {
		double[] weights = new double[n];
		double middle = (n - 1) / 2.0;
		double spread = Math.max(0.8, n / 4.0);
		for (int i = 0; i < n; i++) {
			double distance = (i - middle) / spread;
			weights[i] = Math.exp(-distance * distance / 2);
		}
		return new WeightedChoice(weights);
	}

	/** Weights in the order of a map's values (a YAML mix). */
	static WeightedChoice of(java.util.Collection<? extends Number> weights) {
		return new WeightedChoice(weights.stream().mapToDouble(Number::doubleValue).toArray());
	}

	int next(SplittableRandom random) {
		double target = random.nextDouble() * this.cumulative[this.cumulative.length - 1];
		int at = Arrays.binarySearch(this.cumulative, target);
		return Math.min((at >= 0) ? at + 1 : -at - 1, this.cumulative.length - 1);
	}

}
