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
 * @param catalog the shop's products and campaigns
 * @param shoppers the visitor population
 * @param traffic how many sessions arrive when
 * @param behaviour what a session does
 * @param defects deliberate bad records
 */
@Validated
@ConfigurationProperties(SimulationProperties.PREFIX)
public record SimulationProperties(@DefaultValue("42") long seed, @Valid @DefaultValue Catalog catalog,
		@Valid @DefaultValue Shoppers shoppers, @Valid @DefaultValue Traffic traffic,
		@Valid @DefaultValue Behaviour behaviour, @Valid @DefaultValue Defects defects) {

	/**
	 * Largest visitor pool a rate can grow to (its weight table is 16 bytes a visitor).
	 */
	public static final int MAX_VISITORS = 20_000_000;

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
	 * The catalog, built from the seed at start-up.
	 *
	 * @param products number of products
	 * @param categories number of categories
	 * @param brands number of brands
	 * @param priceLogMean mean of the natural log of a price in currency units (3.4 is
	 * about 30)
	 * @param priceLogSigma standard deviation of that log
	 * @param zipfExponent skew of product popularity within a category
	 * @param currency ISO 4217 code of every amount
	 * @param campaigns number of ad campaigns
	 * @param dailyPriceChangeShare share of products whose price changes on a given day
	 */
	public record Catalog(@DefaultValue("2000") @Min(10) @Max(1_000_000) int products,
			@DefaultValue("20") @Min(1) @Max(200) int categories, @DefaultValue("60") @Min(1) int brands,
			@DefaultValue("3.4") double priceLogMean, @DefaultValue("0.9") @DecimalMin("0.0") double priceLogSigma,
			@DefaultValue("1.1") @DecimalMin("0.0") double zipfExponent,
			@DefaultValue("EUR") @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
			@DefaultValue("24") @Min(1) int campaigns,
			@DefaultValue("0.005") @DecimalMin("0.0") @DecimalMax("1.0") double dailyPriceChangeShare) {
	}

	/**
	 * Who visits.
	 *
	 * @param visitors size of the visitor pool (each has a stable geo and 1-2 devices)
	 * @param powerBuyerShare share of visitors who visit and buy far more often
	 * @param powerBuyerWeight how much more often a power buyer visits
	 */
	public record Shoppers(@DefaultValue("50000") @Min(1) @Max(MAX_VISITORS) int visitors,
			@DefaultValue("0.02") @DecimalMin("0.0") @DecimalMax("1.0") double powerBuyerShare,
			@DefaultValue("8.0") @DecimalMin("1.0") double powerBuyerWeight) {
	}

	/**
	 * When sessions arrive: a non-homogeneous Poisson process, base rate x hour of day x
	 * day of week x holidays x yearly growth.
	 *
	 * @param sessionsPerHour mean sessions per hour on an ordinary day (the base rate)
	 * @param yearlyGrowth growth per year of the base rate, e.g. 0.25 for +25%
	 */
	public record Traffic(@DefaultValue("2000") @DecimalMin("0.0") double sessionsPerHour,
			@DefaultValue("0.25") @DecimalMin("-0.9") double yearlyGrowth) {
	}

	/**
	 * What sessions do; probabilities are per opportunity.
	 *
	 * @param addToCartRate chance a product view puts the product in the cart
	 * @param removeFromCartRate chance a cart line is taken out again
	 * @param checkoutRate chance a session with a cart starts checkout
	 * @param paymentFailureRate chance a payment attempt fails
	 * @param abandonedCartReturnRate chance a returning visitor completes an abandoned
	 * cart
	 * @param refundRate chance an order is partly refunded days later (x1.6 in January)
	 * @param couponRate chance an order uses a 10% coupon
	 * @param lineDiscountRate chance an order line is on sale
	 * @param registerRate chance an anonymous visitor registers without buying
	 * @param freeShippingFromCents order value from which shipping is free
	 * @param shippingCents shipping charged below that value
	 */
	public record Behaviour(@DefaultValue("0.04") @DecimalMin("0.0") @DecimalMax("1.0") double addToCartRate,
			@DefaultValue("0.35") @DecimalMin("0.0") @DecimalMax("1.0") double removeFromCartRate,
			@DefaultValue("0.3") @DecimalMin("0.0") @DecimalMax("1.0") double checkoutRate,
			@DefaultValue("0.08") @DecimalMin("0.0") @DecimalMax("0.9") double paymentFailureRate,
			@DefaultValue("0.33") @DecimalMin("0.0") @DecimalMax("1.0") double abandonedCartReturnRate,
			@DefaultValue("0.06") @DecimalMin("0.0") @DecimalMax("0.6") double refundRate,
			@DefaultValue("0.15") @DecimalMin("0.0") @DecimalMax("1.0") double couponRate,
			@DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax("1.0") double lineDiscountRate,
			@DefaultValue("0.3") @DecimalMin("0.0") @DecimalMax("1.0") double registerRate,
			@DefaultValue("5000") @Min(0) long freeShippingFromCents, @DefaultValue("495") @Min(0) long shippingCents) {
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
		return new SimulationProperties(newSeed, this.catalog, this.shoppers, this.traffic, this.behaviour,
				this.defects);
	}

	/** A copy with another base rate. */
	public SimulationProperties withSessionsPerHour(double sessionsPerHour) {
		return new SimulationProperties(this.seed, this.catalog, this.shoppers,
				new Traffic(sessionsPerHour, this.traffic.yearlyGrowth()), this.behaviour, this.defects);
	}

	/**
	 * A copy with another base rate and a visitor pool grown in proportion (never
	 * shrunk), so each visitor keeps visiting as often as at the configured rate:
	 * conversion and other per-visitor behaviour do not drift with volume.
	 */
	public SimulationProperties scaledTo(double sessionsPerHour) {
		double configured = this.traffic.sessionsPerHour();
		int visitors = (configured <= 0) ? this.shoppers.visitors() : (int) Math.min(MAX_VISITORS, Math
			.max(this.shoppers.visitors(), Math.round(this.shoppers.visitors() * sessionsPerHour / configured)));
		return new SimulationProperties(this.seed, this.catalog,
				new Shoppers(visitors, this.shoppers.powerBuyerShare(), this.shoppers.powerBuyerWeight()),
				new Traffic(sessionsPerHour, this.traffic.yearlyGrowth()), this.behaviour, this.defects);
	}

}
