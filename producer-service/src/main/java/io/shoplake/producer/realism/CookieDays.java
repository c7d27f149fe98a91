package io.shoplake.producer.realism;

import java.util.Arrays;

/**
 * The last day each cookie started a session, for millions of cookies without an object
 * per cookie: an open-addressing table of the cookies' 64-bit hashes and epoch days (a
 * map of strings to boxed days kept millions of objects alive, and every full collection
 * walked them). Two cookies share a hash with a probability of about n²/2⁶⁵ (3 million
 * cookies: 2 in 10 million); the second would then count as seen before.
 */
final class CookieDays {

	/** No day: an empty slot. */
	static final int NONE = Integer.MIN_VALUE;

	private long[] keys = new long[1 << 16];

	private int[] days = emptyDays(1 << 16);

	private int size;

	/**
	 * Records {@code day} for {@code cookie}; returns its previous day, or {@link #NONE}.
	 */
	int put(String cookie, int day) {
		if (2 * (this.size + 1) > this.keys.length) {
			rebuild(this.keys.length * 2, NONE);
		}
		long key = hash(cookie);
		int mask = this.keys.length - 1;
		for (int slot = (int) key & mask;; slot = (slot + 1) & mask) {
			if (this.days[slot] == NONE) {
				this.keys[slot] = key;
				this.days[slot] = day;
				this.size++;
				return NONE;
			}
			if (this.keys[slot] == key) {
				int previous = this.days[slot];
				this.days[slot] = day;
				return previous;
			}
		}
	}

	/** Forgets the cookies last seen before {@code day}. */
	void forgetBefore(int day) {
		int capacity = this.keys.length;
		while (capacity > (1 << 16) && 4 * this.size < capacity) {
			capacity /= 2;
		}
		rebuild(capacity, day);
	}

	int size() {
		return this.size;
	}

	/**
	 * Re-inserts the entries of day {@code keepFrom} or later into a table of
	 * {@code capacity}.
	 */
	private void rebuild(int capacity, int keepFrom) {
		long[] oldKeys = this.keys;
		int[] oldDays = this.days;
		this.keys = new long[capacity];
		this.days = emptyDays(capacity);
		this.size = 0;
		int mask = capacity - 1;
		for (int i = 0; i < oldKeys.length; i++) {
			if (oldDays[i] != NONE && oldDays[i] >= keepFrom) {
				int slot = (int) oldKeys[i] & mask;
				while (this.days[slot] != NONE) {
					slot = (slot + 1) & mask;
				}
				this.keys[slot] = oldKeys[i];
				this.days[slot] = oldDays[i];
				this.size++;
			}
		}
	}

	private static int[] emptyDays(int capacity) {
		int[] days = new int[capacity];
		Arrays.fill(days, NONE);
		return days;
	}

	/** 64-bit FNV-1a over the characters, then a finalizer that spreads the low bits. */
	static long hash(String cookie) {
		long hash = 0xcbf29ce484222325L;
		for (int i = 0; i < cookie.length(); i++) {
			hash = (hash ^ cookie.charAt(i)) * 0x100000001b3L;
		}
		hash ^= hash >>> 33;
		hash *= 0xff51afd7ed558ccdL;
		hash ^= hash >>> 33;
		hash *= 0xc4ceb9fe1a85ec53L;
		return hash ^ (hash >>> 33);
	}

}
