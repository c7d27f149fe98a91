package io.shoplake.producer.realism;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The compact table against a map of strings, over seeded random days. */
class HashedTableTests {

	@Test
	void answersAsAMapOfCookiesToTheirLastDayWouldThroughGrowthAndForgetting() {
		SplittableRandom random = new SplittableRandom(15);
		HashedTable table = new HashedTable(1);
		Map<String, Integer> reference = new HashMap<>();
		int mismatches = 0;
		for (int day = 20_000; day < 20_060; day++) {
			// A busy day now and then (the table grows), quiet ones after (it shrinks).
			int sessions = (day % 20 == 0) ? 150_000 : 5_000 + random.nextInt(20_000);
			for (int i = 0; i < sessions; i++) {
				// Returning cookies come from a pool; new ones are fresh.
				String cookie = random.nextDouble() < 0.4 ? "anon_" + random.nextInt(50_000) : "anon_" + day + "_" + i;
				Integer expected = reference.put(cookie, day);
				long key = HashedTable.hash(cookie);
				int slot = table.find(key);
				if ((slot < 0) != (expected == null) || (slot >= 0 && table.get(slot, 0) != expected)) {
					mismatches++;
				}
				table.set((slot < 0) ? table.add(key) : slot, 0, day);
			}
			int forgetBefore = day - 15;
			reference.values().removeIf((last) -> last < forgetBefore);
			table.removeIf((slot) -> table.get(slot, 0) < forgetBefore);
			assertThat(table.size()).as("cookies kept after day %d", day).isEqualTo(reference.size());
		}
		assertThat(mismatches).isZero();
		assertThat(reference.size()).isGreaterThan(100_000);
	}

	@Test
	void keepsEveryFieldOfARecordThroughRemovalsInsideRunsAndAcrossTheWrap() {
		// A small table kept half full by removals as fast as additions: long probe runs,
		// runs that wrap past the end, removals from their middle (the backward shift).
		SplittableRandom random = new SplittableRandom(7);
		HashedTable table = new HashedTable(3);
		Map<Long, long[]> reference = new HashMap<>();
		long next = 0;
		int mismatches = 0;
		for (int round = 0; round < 150; round++) {
			for (int i = 0; i < 1_500; i++) {
				long key = HashedTable.hash("ses_" + next++);
				int slot = table.add(key);
				long[] fields = { random.nextLong(), random.nextLong(), random.nextLong() };
				for (int f = 0; f < 3; f++) {
					table.set(slot, f, fields[f]);
				}
				reference.put(key, fields);
			}
			// Remove about half, by what a record holds (the test must answer the same
			// if a record is seen twice).
			long threshold = random.nextLong(-(1L << 62), 1L << 62);
			Set<Long> removed = new HashSet<>();
			table.removeIf((slot) -> table.get(slot, 0) < threshold);
			reference.entrySet().removeIf((entry) -> entry.getValue()[0] < threshold && removed.add(entry.getKey()));
			assertThat(table.size()).isEqualTo(reference.size());
			for (Map.Entry<Long, long[]> entry : reference.entrySet()) {
				int slot = table.find(entry.getKey());
				if (slot < 0 || table.get(slot, 0) != entry.getValue()[0] || table.get(slot, 1) != entry.getValue()[1]
						|| table.get(slot, 2) != entry.getValue()[2]) {
					mismatches++;
				}
			}
			for (long key : removed) {
				if (table.find(key) >= 0) {
					mismatches++;
				}
			}
			int[] walked = { 0 };
			table.forEach((slot) -> walked[0]++);
			assertThat(walked[0]).isEqualTo(reference.size());
		}
		assertThat(mismatches).isZero();
		assertThat(next).isEqualTo(225_000);
	}

	@Test
	void spreadsSimilarKeysOverTheTable() {
		// Keys differing in one character must not share the low bits the table uses.
		Set<Long> low = new HashSet<>();
		for (int i = 0; i < 1_000; i++) {
			low.add(HashedTable.hash("anon_" + i) & 0xFFFF);
		}
		assertThat(low).hasSizeGreaterThan(980);
	}

}
