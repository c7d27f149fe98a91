package io.shoplake.transform.reconcile;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * The outcome of comparing the marts with the producer's ledger.
 *
 * @param from first event date compared
 * @param to last event date compared
 * @param warehouseAsOf when the last successful transform run finished (UTC): events
 * acknowledged after it are not in the marts yet
 * @param figuresCompared figures compared (each a measure of a day, maybe of one product,
 * campaign or stage)
 * @param differenceCount figures that differ
 * @param matched whether every figure is equal
 * @param ledgerOrders orders in the ledger between from and to
 * @param ledgerNetCents net revenue in the ledger between from and to
 * @param poisonByKind poison pills the producer sent, per kind, over all time (the
 * quarantine cannot tell kinds apart; its counts are compared per stage)
 * @param differences the differing figures, at most 500
 */
public record Reconciliation(LocalDate from, LocalDate to, LocalDateTime warehouseAsOf, long figuresCompared,
		long differenceCount, boolean matched, long ledgerOrders, long ledgerNetCents, Map<String, Long> poisonByKind,
		List<Difference> differences) {
}
