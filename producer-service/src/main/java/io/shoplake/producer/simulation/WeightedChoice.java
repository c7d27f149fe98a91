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

	int next(SplittableRandom random) {
		double target = random.nextDouble() * this.cumulative[this.cumulative.length - 1];
		int at = Arrays.binarySearch(this.cumulative, target);
		return Math.min((at >= 0) ? at + 1 : -at - 1, this.cumulative.length - 1);
	}

}
