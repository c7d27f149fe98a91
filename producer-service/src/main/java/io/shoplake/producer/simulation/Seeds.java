package io.shoplake.producer.simulation;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Derives independent random streams from the root seed and a key, as TPC-H and Nexmark
 * do: a session's choices depend on the seed and the session's key only, never on which
 * thread runs it or what ran before.
 */
final class Seeds {

	private Seeds() {
	}

	/** SplitMix64's finalizer: a well-mixed 64-bit value for each (seed, key) pair. */
	static long mix(long seed, long key) {
		long z = seed + 0x9E3779B97F4A7C15L * (key + 1);
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	static SplittableRandom stream(long seed, long purpose, long key) {
		return new SplittableRandom(mix(mix(seed, purpose), key));
	}

	/** A version 4 UUID drawn from {@code random}. */
	static UUID uuid(SplittableRandom random) {
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low);
	}

	/**
	 * Poisson draw; normal approximation above 500, where it is exact enough and O(1).
	 */
	static int poisson(SplittableRandom random, double mean) {
		if (mean <= 0) {
			return 0;
		}
		if (mean > 500) {
			double u1 = 1.0 - random.nextDouble();
			double u2 = random.nextDouble();
			double normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
			return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
		}
		double limit = Math.exp(-mean);
		double product = random.nextDouble();
		int count = 0;
		while (product > limit) {
			count++;
			product *= random.nextDouble();
		}
		return count;
	}

	/** Standard normal draw (Box-Muller). */
	static double gaussian(SplittableRandom random) {
		double u1 = 1.0 - random.nextDouble();
		return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random.nextDouble());
	}

	/** Exponential draw with the given mean. */
	static double exponential(SplittableRandom random, double mean) {
		return -mean * Math.log(1.0 - random.nextDouble());
	}

}
