package io.shoplake.transform.reconcile;

import java.time.Instant;

import io.shoplake.transform.engine.Watermark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watermark the producer has settled: it checkpoints its ledger at the newest publish
 * time up to which every message it published was acknowledged (or given up on), so the
 * run that loads next finds every one of them in the lake, and reconciliation can compare
 * the marts with exactly that checkpoint. When the producer cannot be reached, the
 * watermark stays where it was (the marts show no more than before), and the run goes on.
 */
public final class ProducerWatermark implements Watermark {

	private static final Logger log = LoggerFactory.getLogger(ProducerWatermark.class);

	private final LedgerClient ledger;

	public ProducerWatermark(LedgerClient ledger) {
		this.ledger = ledger;
	}

	@Override
	public Instant advance(Instant previous) {
		try {
			Instant settled = this.ledger.takeCheckpoint();
			return (settled != null) ? settled : previous;
		}
		catch (LedgerClient.LedgerUnavailableException ex) {
			log.warn("watermark stays at {}: {}", previous, ex.getMessage());
			return previous;
		}
	}

}
