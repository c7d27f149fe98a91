package io.shoplake.producer.simulation;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opaque ids: fixed width, random-looking, never sharing a part with another id; a click
 * id gives back its campaign, and only that.
 */
class IdsTests {

	@Test
	void idsAreFixedWidthAndShareNothingWithEachOther() {
		SplittableRandom random = new SplittableRandom(5);
		Set<String> suffixes = new HashSet<>();
		for (int i = 0; i < 50_000; i++) {
			String session = Ids.of("ses_", random.nextLong());
			String order = Ids.of("ord_", random.nextLong());
			assertThat(session).matches("ses_[0-9A-Za-z]{10}");
			assertThat(order.substring(4)).isNotEqualTo(session.substring(4));
			assertThat(order).doesNotContain(session.substring(4, 10));
			assertThat(suffixes.add(session.substring(4))).isTrue();
		}
	}

	@Test
	void everyCharacterOfAnIdIsUsedEvenTheFirst() {
		SplittableRandom random = new SplittableRandom(7);
		Set<Character> first = new HashSet<>();
		for (int i = 0; i < 5_000; i++) {
			first.add(Ids.of("ord_", random.nextLong()).charAt(4));
		}
		assertThat(first).hasSize(62);
	}

	@Test
	void aClickIdGivesBackItsCampaignAndLooksRandom() {
		SplittableRandom random = new SplittableRandom(6);
		Set<String> firstCharacters = new HashSet<>();
		Set<String> lastCharacters = new HashSet<>();
		for (int campaign : new int[] { 0, 5, 64 * 27 + 14, 0x8000 + 9_800 }) {
			for (int i = 0; i < 200; i++) {
				String click = Ids.click(campaign, random.nextLong());
				assertThat(Ids.campaignOfClick(click)).isEqualTo(campaign);
				firstCharacters.add(click.substring(4, 6));
				lastCharacters.add(click.substring(12, 14));
			}
		}
		// The campaign is not spelled in a fixed place of the id.
		assertThat(firstCharacters).hasSizeGreaterThan(300);
		assertThat(lastCharacters).hasSizeGreaterThan(300);
		assertThat(Marketing.campaignId(Ids.campaignOfClick(Ids.click(3, 42L)))).isEqualTo(Marketing.campaignId(3));
	}

}
