package io.shoplake.producer.realism;

import java.util.Arrays;

/**
 * Records of a few {@code long}s keyed by the 64-bit hash of a string, for the realism
 * card's look-ups of millions of sessions, cookies, orders and clicks without an object
 * per entry: one array, each record its key then its fields side by side, open addressing
 * with linear probing. Maps of strings to small objects kept millions of objects alive
 * beside the run; every collection walked them, and a session's update pointed an old
 * object at a young one. Two strings share a hash with a probability of about n²/2⁶⁵ (3
 * million keys: 2 in 10 million); the second then reads as the first. Not thread-safe.
 *
 * <p>
 * A record is addressed by its slot, valid until the next {@link #add} or removal.
 */
final class HashedTable {

	/** The key of an empty slot (a string hashing to it is given 1). */
	private static final long EMPTY = 0;

	private static final int MIN_CAPACITY = 1 << 12;

	private final int stride;

	private long[] slots;

	private int capacity;

	private int size;

	/** A table of records of {@code fields} values each. */
	HashedTable(int fields) {
		this.stride = fields + 1;
		allocate(MIN_CAPACITY);
	}

	/** 64-bit FNV-1a over the characters, then a finalizer that spreads the low bits. */
	static long hash(String value) {
		long hash = 0xcbf29ce484222325L;
		for (int i = 0; i < value.length(); i++) {
			hash = (hash ^ value.charAt(i)) * 0x100000001b3L;
		}
		hash ^= hash >>> 33;
		hash *= 0xff51afd7ed558ccdL;
		hash ^= hash >>> 33;
		hash *= 0xc4ceb9fe1a85ec53L;
		hash ^= hash >>> 33;
		return (hash != EMPTY) ? hash : 1;
	}

	/** The slot of {@code key}'s record, or -1. */
	int find(long key) {
		int mask = this.capacity - 1;
		for (int slot = (int) key & mask;; slot = (slot + 1) & mask) {
			long found = this.slots[slot * this.stride];
			if (found == key) {
				return slot;
			}
			if (found == EMPTY) {
				return -1;
			}
		}
	}

	/**
	 * Adds a record for {@code key}, which must not be in the table; its fields are 0.
	 */
	int add(long key) {
		if (2 * (this.size + 1) > this.capacity) {
			rehash(this.capacity * 2);
		}
		int slot = place(key);
		this.size++;
		return slot;
	}

	/** The slot of {@code key}'s record, added (its fields 0) if it was not there. */
	int put(long key) {
		int slot = find(key);
		return (slot >= 0) ? slot : add(key);
	}

	long get(int slot, int field) {
		return this.slots[slot * this.stride + 1 + field];
	}

	void set(int slot, int field, long value) {
		this.slots[slot * this.stride + 1 + field] = value;
	}

	int size() {
		return this.size;
	}

	void clear() {
		allocate(MIN_CAPACITY);
	}

	/** Calls {@code action} with each record's slot. */
	void forEach(SlotAction action) {
		for (int slot = 0; slot < this.capacity; slot++) {
			if (this.slots[slot * this.stride] != EMPTY) {
				action.accept(slot);
			}
		}
	}

	/**
	 * Removes the records {@code test} says to, then shrinks the table if it is mostly
	 * empty. A record kept may be tested twice in one call (a removal can move one back
	 * over the slot being walked), so {@code test} must answer the same for it.
	 */
	void removeIf(SlotTest test) {
		int slot = 0;
		while (slot < this.capacity) {
			if (this.slots[slot * this.stride] != EMPTY && test.remove(slot)) {
				// The hole is filled from further on: look at this slot again.
				delete(slot);
			}
			else {
				slot++;
			}
		}
		int target = this.capacity;
		while (target > MIN_CAPACITY && 4 * this.size < target) {
			target /= 2;
		}
		if (target != this.capacity) {
			rehash(target);
		}
	}

	/**
	 * Empties a slot, moving each record of the run after it that would no longer be
	 * found back into the hole (backward-shift deletion; no tombstones).
	 */
	private void delete(int slot) {
		int mask = this.capacity - 1;
		int hole = slot;
		for (int next = (hole + 1) & mask;; next = (next + 1) & mask) {
			long key = this.slots[next * this.stride];
			if (key == EMPTY) {
				break;
			}
			int home = (int) key & mask;
			boolean reachable = (hole <= next) ? (hole < home && home <= next) : (hole < home || home <= next);
			if (!reachable) {
				System.arraycopy(this.slots, next * this.stride, this.slots, hole * this.stride, this.stride);
				hole = next;
			}
		}
		Arrays.fill(this.slots, hole * this.stride, (hole + 1) * this.stride, 0L);
		this.size--;
	}

	private int place(long key) {
		int mask = this.capacity - 1;
		int slot = (int) key & mask;
		while (this.slots[slot * this.stride] != EMPTY) {
			slot = (slot + 1) & mask;
		}
		this.slots[slot * this.stride] = key;
		return slot;
	}

	private void rehash(int newCapacity) {
		long[] old = this.slots;
		allocate(newCapacity);
		for (int from = 0; from < old.length; from += this.stride) {
			if (old[from] != EMPTY) {
				int slot = place(old[from]);
				System.arraycopy(old, from + 1, this.slots, slot * this.stride + 1, this.stride - 1);
				this.size++;
			}
		}
	}

	private void allocate(int newCapacity) {
		this.capacity = newCapacity;
		this.slots = new long[newCapacity * this.stride];
		this.size = 0;
	}

	/** What to do with a record. */
	@FunctionalInterface
	interface SlotAction {

		void accept(int slot);

	}

	/** Whether to remove a record. */
	@FunctionalInterface
	interface SlotTest {

		boolean remove(int slot);

	}

}
