package io.shoplake.producer.simulation;

/**
 * Opaque entity ids: a prefix and 10 base-62 characters of random (or hashed) bits, like
 * the ids of payment and commerce APIs ({@code ord_4fK9xQ2mT7}). Every id comes from its
 * own draw on the seeded streams, so no id carries another entity's id, and the output
 * stays the same for a seed.
 * <p>
 * Click ids are the one exception that must be read back: the ledger credits an order to
 * the campaign of its click, whatever run (and seed) made it. A click id is a keyed
 * permutation (a Feistel network over 60 bits) of the campaign's number and 43 random
 * bits, so it looks as random as the others and shares nothing with any other id; only
 * {@link #campaignOfClick} reads the campaign back.
 */
final class Ids {

	private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

	/** Characters of an id. */
	private static final int LENGTH = 10;

	/** 62^10: the number of ids of a prefix (about 2^59.5). */
	private static final long SPACE = 839_299_365_868_340_224L;

	private static final int ROUNDS = 4;

	private static final int HALF_BITS = 30;

	private static final long MASK_30 = (1L << HALF_BITS) - 1;

	private static final int CAMPAIGN_SHIFT = 43;

	/** The permutation's key: fixed, so a ledger reads clicks of every seed. */
	private static final long KEY = 0x5130_91A7_E2C4_D86BL;

	private Ids() {
	}

	/**
	 * {@code prefix} followed by 10 base-62 characters drawn from {@code bits}: each
	 * character uniform, the first one too.
	 */
	static String of(String prefix, long bits) {
		return encode(prefix, Long.remainderUnsigned(bits, SPACE));
	}

	private static String encode(String prefix, long value) {
		char[] out = new char[prefix.length() + LENGTH];
		prefix.getChars(0, prefix.length(), out, 0);
		long rest = value;
		for (int i = out.length - 1; i >= prefix.length(); i--) {
			out[i] = BASE62[(int) (rest % 62)];
			rest /= 62;
		}
		return new String(out);
	}

	/** The value {@link #encode} wrote. */
	private static long decode(String id, String prefix) {
		if (!id.startsWith(prefix) || id.length() != prefix.length() + LENGTH) {
			throw new IllegalArgumentException("not an id of " + prefix + ": " + id);
		}
		long value = 0;
		for (int i = prefix.length(); i < id.length(); i++) {
			char c = id.charAt(i);
			int digit = (c <= '9') ? c - '0' : (c <= 'Z') ? c - 'A' + 10 : c - 'a' + 36;
			value = value * 62 + digit;
		}
		return value;
	}

	/**
	 * A click id of the campaign at {@code campaignIndex} (below 2^16), with 43 random
	 * bits: their permutation, walked until it falls in the id space (cycle walking), so
	 * the id is as uniform as any other.
	 */
	static String click(int campaignIndex, long random) {
		long value = ((long) campaignIndex << CAMPAIGN_SHIFT) | (random & ((1L << CAMPAIGN_SHIFT) - 1));
		do {
			value = encrypt(value);
		}
		while (value >= SPACE);
		return encode("clk_", value);
	}

	/** The campaign number a click id was made for. */
	static int campaignOfClick(String clickId) {
		long value = decode(clickId, "clk_");
		do {
			value = decrypt(value);
		}
		while (value >= SPACE);
		return (int) (value >>> CAMPAIGN_SHIFT);
	}

	/** A Feistel network over 60 bits. */
	private static long encrypt(long value) {
		long left = (value >>> HALF_BITS) & MASK_30;
		long right = value & MASK_30;
		for (int round = 0; round < ROUNDS; round++) {
			long next = left ^ roundFunction(round, right);
			left = right;
			right = next;
		}
		return (left << HALF_BITS) | right;
	}

	private static long decrypt(long value) {
		long left = (value >>> HALF_BITS) & MASK_30;
		long right = value & MASK_30;
		for (int round = ROUNDS - 1; round >= 0; round--) {
			long previous = right ^ roundFunction(round, left);
			right = left;
			left = previous;
		}
		return (left << HALF_BITS) | right;
	}

	private static long roundFunction(int round, long half) {
		return Seeds.mix(KEY + round, half) & MASK_30;
	}

}
