package io.shoplake.producer.realism;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The compact cookie table against a map of strings, over seeded random days. */
class CookieDaysTests {

	@Test
	void answersAsAMapOfCookiesToTheirLastDayWouldThroughGrowthAndForgetting() {
		SplittableRandom random = new SplittableRandom(15);
		CookieDays table = new CookieDays();
		Map<String, Integer> reference = new HashMap<>();
		int mismatches = 0;
		for (int day = 20_000; day < 20_060; day++) {
			// A busy day now and then (the table grows), quiet ones after (it shrinks).
			int sessions = (day % 20 == 0) ? 150_000 : 5_000 + random.nextInt(20_000);
			for (int i = 0; i < sessions; i++) {
				// Returning cookies come from a pool; new ones are fresh.
				String cookie = random.nextDouble() < 0.4 ? "anon_" + random.nextInt(50_000) : "anon_" + day + "_" + i;
				Integer expected = reference.put(cookie, day);
				int actual = table.put(cookie, day);
				if (actual != ((expected != null) ? expected : CookieDays.NONE)) {
					mismatches++;
				}
			}
			int forgetBefore = day - 15;
			reference.values().removeIf((last) -> last < forgetBefore);
			table.forgetBefore(forgetBefore);
			assertThat(table.size()).as("cookies kept after day %d", day).isEqualTo(reference.size());
		}
		assertThat(mismatches).isZero();
		assertThat(reference.size()).isGreaterThan(100_000);
	}

	@Test
	void spreadsSimilarCookiesOverTheTable() {
		// Cookies differing in one character must not share the low bits the table uses.
		java.util.Set<Long> low = new java.util.HashSet<>();
		for (int i = 0; i < 1_000; i++) {
			low.add(CookieDays.hash("anon_" + i) & 0xFFFF);
		}
		assertThat(low).hasSizeGreaterThan(980);
	}

}
