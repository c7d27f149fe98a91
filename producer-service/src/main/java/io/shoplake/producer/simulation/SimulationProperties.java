package io.shoplake.producer.simulation;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.annotation.Validated;

/**
 * Every knob of the shopper simulation. The same values and seed give the same event
 * stream, byte for byte.
 *
 * @param seed root of every random choice
 * @param catalog how much of the catalogue exists
 * @param traffic how many sessions arrive when
 * @param behaviour what a session does
 * @param defects deliberate bad records
 */
@Validated
@ConfigurationProperties(SimulationProperties.PREFIX)
public record SimulationProperties(@DefaultValue("42") long seed, @Valid @DefaultValue Catalog catalog,
		@Valid @DefaultValue Traffic traffic, @Valid @DefaultValue Behaviour behaviour,
		@Valid @DefaultValue Defects defects) {

	/** Where these properties live. */
	public static final String PREFIX = "shoplake.producer.simulation";

	/**
	 * The documented defaults (the {@code @DefaultValue}s below, bound by Spring's own
	 * binder, so they are stated once) with the given seed.
	 */
	public static SimulationProperties defaults(long seed) {
		return new Binder(new MapConfigurationPropertySource(Map.of(PREFIX + ".seed", Long.toString(seed))))
			.bindOrCreate(PREFIX, SimulationProperties.class);
	}

	/**
	 * The catalogue: its tree, names, price bands, variants, seasons and return rates are
	 * data ({@code catalog/catalog.yml}); these say how much of it exists.
	 *
	 * @param products about how many products the shop sells (each leaf gets its share of
	 * them by demand, at least 6)
	 * @param zipfExponent skew of product popularity within a leaf category
	 * @param currency ISO 4217 code of every amount
	 * @param dailyPriceChangeShare share of products the nightly repricing changes
	 */
	public record Catalog(@DefaultValue("2000") @Min(50) @Max(50_000) int products,
			@DefaultValue("1.05") @DecimalMin("0.0") @DecimalMax("3.0") double zipfExponent,
			@DefaultValue("EUR") @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
			@DefaultValue("0.01") @DecimalMin("0.0") @DecimalMax("1.0") double dailyPriceChangeShare) {
	}

	/**
	 * How many sessions there are: new visitors arrive so that sessions (theirs and
	 * returning visitors') average the base rate over an ordinary week; each country's
	 * traffic follows the hour curve in its local time, the day of the week and holidays.
	 *
	 * @param sessionsPerHour mean sessions per hour of an ordinary week (the base rate)
	 * @param yearlyGrowth growth per year of the base rate, e.g. 0.25 for +25%
	 */
	public record Traffic(@DefaultValue("2000") @DecimalMin("0.0") double sessionsPerHour,
			@DefaultValue("0.25") @DecimalMin("-0.9") double yearlyGrowth) {
	}

	/**
	 * Scales on the calibrated behaviour (1 is the calibrated shop whose figures
	 * docs/realism.md shows).
	 *
	 * @param conversionScale multiplies the chances to add to cart and to check out
	 * @param returnScale multiplies every category's return rate
	 * @param paymentFailureRate mean share of payment attempts that fail
	 */
	public record Behaviour(@DefaultValue("1.0") @DecimalMin("0.0") @DecimalMax("3.0") double conversionScale,
			@DefaultValue("1.0") @DecimalMin("0.0") @DecimalMax("3.0") double returnScale,
			@DefaultValue("0.07") @DecimalMin("0.0") @DecimalMax("0.5") double paymentFailureRate) {
	}

	/**
	 * Deliberate defects, each with its own rate per valid message.
	 *
	 * @param poisonRate extra poison pills (invalid messages) per valid message
	 * @param duplicateRate valid messages published a second time
	 * @param lateRate valid messages published minutes to hours after they occurred
	 */
	public record Defects(@DefaultValue("0.01") @DecimalMin("0.0") @DecimalMax("0.5") double poisonRate,
			@DefaultValue("0.005") @DecimalMin("0.0") @DecimalMax("0.5") double duplicateRate,
			@DefaultValue("0.02") @DecimalMin("0.0") @DecimalMax("0.5") double lateRate) {
	}

	/** A copy with another seed. */
	public SimulationProperties withSeed(long newSeed) {
		return new SimulationProperties(newSeed, this.catalog, this.traffic, this.behaviour, this.defects);
	}

	/** A copy with another base rate. */
	public SimulationProperties withSessionsPerHour(double sessionsPerHour) {
		return new SimulationProperties(this.seed, this.catalog,
				new Traffic(sessionsPerHour, this.traffic.yearlyGrowth()), this.behaviour, this.defects);
	}

}
