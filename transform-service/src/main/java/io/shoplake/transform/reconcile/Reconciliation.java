package io.shoplake.transform.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * The outcome of comparing the marts with the producer's ledger.
 *
 * @param from first event date compared
 * @param to last event date compared
 * @param warehouseAsOf when the last successful transform run finished (UTC)
 * @param watermark the publish time the marts show messages up to, and at which the
 * ledger was read (its checkpoint there); null when the marts show everything loaded and
 * the whole ledger was read
 * @param unsettledBelow messages the producer published below the watermark after it had
 * passed it (a backfill of earlier days) that were still in flight: while not zero, a
 * difference may be one of those
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
public record Reconciliation(LocalDate from, LocalDate to, LocalDateTime warehouseAsOf, Instant watermark,
		long unsettledBelow, long figuresCompared, long differenceCount, boolean matched, long ledgerOrders,
		long ledgerNetCents, Map<String, Long> poisonByKind, List<Difference> differences) {
}
