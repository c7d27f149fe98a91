package io.shoplake.transform.reconcile;

import java.time.LocalDate;

/**
 * A figure where the marts and the ledger disagree.
 *
 * @param date the event date ({@code null} for all-time figures: the quarantine)
 * @param measure what is compared, e.g. {@code net_cents}, {@code product_units},
 * {@code campaign_orders}, {@code quarantined}
 * @param key the product, campaign or stage, if the measure has one
 * @param expected the ledger's value
 * @param actual the marts' value
 */
public record Difference(LocalDate date, String measure, String key, long expected, long actual) {
}
