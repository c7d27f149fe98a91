package io.shoplake.events;

/**
 * Where a shopper is; fixed per customer (and per anonymous visitor).
 *
 * @param country ISO 3166-1 alpha-2 code
 * @param region region or state
 * @param city city
 */
public record Geo(String country, String region, String city) {
}
