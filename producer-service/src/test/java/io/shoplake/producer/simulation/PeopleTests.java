package io.shoplake.producer.simulation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import io.shoplake.producer.geo.Geography;
import net.datafaker.Faker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People by country: their locale's names with realistic repetition, e-mail addresses in
 * varied patterns on the reserved example domains, an adult age pyramid, postcodes of the
 * country's format.
 */
class PeopleTests {

	private final List<Geography.Country> countries = Geography.get().countries();

	private final People people = new People(42L, this.countries);

	@Test
	void noFullNameIsCommonAndNamesAreTheCountrys() {
		Map<String, Integer> names = new HashMap<>();
		int german = index("DE");
		SplittableRandom random = new SplittableRandom(1);
		int people = 20_000;
		Set<String> germanFirstNames = firstNames("de");
		int fromLocale = 0;
		for (int i = 0; i < people; i++) {
			People.Person person = draw(random, german);
			names.merge(person.name(), 1, Integer::sum);
			if (germanFirstNames.contains(person.name().substring(0, person.name().indexOf(' ')))) {
				fromLocale++;
			}
		}
		int top = names.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
		// All 20,000 are German here; across ten countries the share is far lower.
		assertThat(top / (double) people).as("most common full name").isLessThan(0.005);
		assertThat(names.values().stream().filter((count) -> count == 1).count()).as("names seen once")
			.isGreaterThan(people / 4);
		assertThat(fromLocale / (double) people).as("first names of the de locale").isGreaterThan(0.98);
	}

	@Test
	void emailsVaryOnReservedDomainsOnly() {
		SplittableRandom random = new SplittableRandom(2);
		Map<String, Integer> shapes = new HashMap<>();
		Set<String> domains = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String email = draw(random, index("FR")).email();
			assertThat(email).matches("[a-z0-9._]+@example\\.(com|net|org)");
			domains.add(email.substring(email.indexOf('@') + 1));
			String local = email.substring(0, email.indexOf('@'));
			shapes.merge(local.replaceAll("[a-z]+", "a").replaceAll("[0-9]+", "9"), 1, Integer::sum);
		}
		assertThat(domains).containsExactlyInAnyOrder("example.com", "example.net", "example.org");
		assertThat(shapes).hasSizeGreaterThanOrEqualTo(5);
		assertThat(shapes.values().stream().mapToInt(Integer::intValue).max().orElseThrow() / 10_000.0)
			.as("commonest address shape")
			.isLessThan(0.4);
	}

	/**
	 * Every address pattern holds the first or the last name whole; checked on the people
	 * whose names are plain ASCII letters, whose local parts are the names in lower case.
	 */
	@Test
	void anAddressIsMadeOfThePersonsOwnNames() {
		SplittableRandom random = new SplittableRandom(5);
		int checked = 0;
		for (String code : new String[] { "GB", "US", "FR", "NL" }) {
			for (int i = 0; i < 5_000; i++) {
				People.Person person = draw(random, index(code));
				String[] names = person.name().split(" ");
				if (names.length != 2 || !names[0].matches("[A-Za-z]+") || !names[1].matches("[A-Za-z]+")) {
					continue;
				}
				String local = person.email().substring(0, person.email().indexOf('@'));
				assertThat(local.contains(names[0].toLowerCase(Locale.ROOT))
						|| local.contains(names[1].toLowerCase(Locale.ROOT)))
					.as("%s <%s>", person.name(), person.email())
					.isTrue();
				checked++;
			}
		}
		assertThat(checked).isGreaterThan(10_000);
	}

	@Test
	void birthYearsAreThoseOfAdultOnlineShoppers() {
		SplittableRandom random = new SplittableRandom(3);
		int over70 = 0;
		int from25to44 = 0;
		for (int i = 0; i < 10_000; i++) {
			int age = 2026 - draw(random, index("GB")).birthYear();
			assertThat(age).isBetween(18, 87);
			over70 += (age > 70) ? 1 : 0;
			from25to44 += (age >= 26 && age <= 45) ? 1 : 0;
		}
		assertThat(over70 / 10_000.0).isLessThan(0.08);
		assertThat(from25to44 / 10_000.0).isGreaterThan(0.35);
	}

	@Test
	void postcodesHaveTheirCountrysFormatAndCity() {
		Map<String, String> formats = Map.of("DE", "\\d{5}", "GB", "[A-Z]{1,2}\\d{1,2} \\d[A-Z]{2}", "NL",
				"\\d{4} [A-Z]{2}", "PL", "\\d{2}-\\d{3}", "SE", "\\d{3} \\d{2}", "CA", "[A-Z]\\d[A-Z] \\d[A-Z]\\d",
				"US", "\\d{5}");
		SplittableRandom random = new SplittableRandom(4);
		formats.forEach((code, format) -> {
			Geography.Country country = this.countries.get(index(code));
			for (Geography.Place place : country.places()) {
				String postcode = this.people.draw(random, index(code), place, 2026).postalCode();
				assertThat(postcode).as(code + " " + place.city()).matches(format).startsWith(place.postcodePrefix());
			}
		});
	}

	private People.Person draw(SplittableRandom random, int country) {
		return this.people.draw(random, country, this.countries.get(country).places().get(0), 2026);
	}

	private int index(String code) {
		for (int i = 0; i < this.countries.size(); i++) {
			if (this.countries.get(i).code().equals(code)) {
				return i;
			}
		}
		throw new IllegalArgumentException(code);
	}

	private static Set<String> firstNames(String locale) {
		Faker faker = new Faker(Locale.forLanguageTag(locale), new Random(99));
		Set<String> names = new HashSet<>();
		for (int i = 0; i < 20_000; i++) {
			names.add(faker.name().firstName());
		}
		return names;
	}

}
