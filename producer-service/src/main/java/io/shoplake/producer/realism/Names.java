package io.shoplake.producer.realism;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Strings numbered in the order they were first seen (countries, ad platforms), so that a
 * {@link HashedTable} record can hold one as a number. Not thread-safe.
 */
final class Names {

	private final String what;

	private final int limit;

	private final List<String> names = new ArrayList<>();

	private final Map<String, Integer> numbers = new HashMap<>();

	/** At most {@code limit} names, of {@code what} (for the error past it). */
	Names(String what, int limit) {
		this.what = what;
		this.limit = limit;
	}

	/** The number of {@code name}, given it if it is new. */
	int number(String name) {
		Integer number = this.numbers.get(name);
		if (number == null) {
			if (this.names.size() == this.limit) {
				throw new IllegalStateException("more than " + this.limit + " " + this.what);
			}
			number = this.names.size();
			this.names.add(name);
			this.numbers.put(name, number);
		}
		return number;
	}

	String name(int number) {
		return this.names.get(number);
	}

}
