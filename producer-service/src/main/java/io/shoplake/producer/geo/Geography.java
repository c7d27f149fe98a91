package io.shoplake.producer.geo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shoplake.producer.ShippedData;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Where the shop's visitors are: the countries it sells to ({@code geo/countries.yml}:
 * share of visitors, time zone, locale, tax, payment habits, postcode format) and the
 * real cities of each ({@code geo/places.csv}: region, population, postcode prefix, the
 * time zone where it differs from the country's). Read once from the classpath;
 * immutable.
 */
public final class Geography {

	private static final Geography INSTANCE = load();

	private final List<Country> countries;

	private final Map<String, Country> byCode = new LinkedHashMap<>();

	private final Map<String, Place> byCity = new LinkedHashMap<>();

	private Geography(List<Country> countries, List<Place> places) {
		this.countries = List.copyOf(countries);
		countries.forEach((country) -> this.byCode.put(country.code(), country));
		for (Place place : places) {
			Country country = this.byCode.get(place.country());
			if (country == null) {
				throw new IllegalStateException("geo/places.csv: " + place.city() + " is in an unknown country");
			}
			country.places.add(place);
			this.byCity.put(place.country() + "/" + place.city(), place);
		}
		for (Country country : countries) {
			if (country.places.isEmpty()) {
				throw new IllegalStateException("geo/places.csv: no city of " + country.code());
			}
		}
	}

	/** The shop's geography. */
	public static Geography get() {
		return INSTANCE;
	}

	public List<Country> countries() {
		return this.countries;
	}

	public Country country(String code) {
		Country country = this.byCode.get(code);
		if (country == null) {
			throw new IllegalArgumentException("no country " + code);
		}
		return country;
	}

	/**
	 * The time zone of a city of a country: the city's own where it has one (the United
	 * States span several), else the country's; the country's for an unknown city.
	 */
	public ZoneId zoneOf(String countryCode, String city) {
		Place place = this.byCity.get(countryCode + "/" + city);
		if (place != null && place.zone() != null && !place.zone().isBlank()) {
			return ZoneId.of(place.zone());
		}
		Country country = this.byCode.get(countryCode);
		return (country != null) ? country.zoneId() : ZoneId.of("UTC");
	}

	private static Geography load() {
		Countries declared = ShippedData.yaml("geo/countries.yml", Countries.class);
		CsvMapper csv = CsvMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		try (InputStream places = ShippedData.open("geo/places.csv")) {
			List<Place> cities = new ArrayList<>();
			try (MappingIterator<Place> rows = csv.readerFor(Place.class)
				.with(CsvSchema.emptySchema().withHeader())
				.readValues(places)) {
				rows.forEachRemaining(cities::add);
			}
			return new Geography(declared.countries(), cities);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The file's root. */
	private record Countries(List<Country> countries) {
	}

	/**
	 * A country the shop sells to.
	 *
	 * @param code ISO 3166 code
	 * @param name English name
	 * @param locale Datafaker locale of its people's names
	 * @param zone the time zone of most of it
	 * @param share share of the shop's visitors
	 * @param taxBasisPoints VAT (or sales tax) in 1/100 of a percent
	 * @param taxesIncluded whether prices include the tax (VAT) or it is added at
	 * checkout (sales tax)
	 * @param postcode the postcode's format: {@code #} a digit, {@code ?} a letter, or
	 * {@code uk} / {@code ca} for those countries' formats
	 * @param shipping what shipping costs
	 * @param payment payment method → weight
	 * @param places its cities, largest first (from places.csv)
	 */
	public record Country(String code, String name, String locale, String zone, double share, int taxBasisPoints,
			boolean taxesIncluded, String postcode, Shipping shipping, Map<String, Integer> payment,
			List<Place> places) {

		public Country {
			places = new ArrayList<>();
			payment = new LinkedHashMap<>(payment);
		}

		public ZoneId zoneId() {
			return ZoneId.of(this.zone);
		}

		/** The time zone of one of its cities. */
		public ZoneId zoneOf(Place place) {
			return (place.zone() != null && !place.zone().isBlank()) ? ZoneId.of(place.zone()) : zoneId();
		}

	}

	/**
	 * Shipping to a country.
	 *
	 * @param fee flat fee in euros
	 * @param freeFrom order value (after discounts) from which shipping is free
	 */
	public record Shipping(double fee, double freeFrom) {

		public long feeCents() {
			return Math.round(this.fee * 100);
		}

		public long freeFromCents() {
			return Math.round(this.freeFrom * 100);
		}

	}

	/**
	 * A city.
	 *
	 * @param country its country's code
	 * @param region the state, region or county it is in
	 * @param city its name
	 * @param populationThousands inhabitants, in thousands (rounded), for weighting
	 * @param postcodePrefix how its postcodes begin
	 * @param zone its time zone where it differs from the country's, else empty
	 */
	public record Place(String country, String region, String city, int populationThousands, String postcodePrefix,
			String zone) {
	}

}
