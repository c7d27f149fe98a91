package io.shoplake.producer.ledger;

import java.io.IOException;

/**
 * Where the ledger is kept between runs: a local file ({@link FileLedgerStore}, the
 * embedded default) or an object in Cloud Storage ({@link GcsLedgerStore}, on Cloud Run,
 * whose container files do not outlive an instance).
 */
public interface LedgerStore {

	/** The saved ledger as JSON, or {@code null} when nothing was saved yet. */
	byte[] read() throws IOException;

	/**
	 * Replaces the saved ledger with {@code json}, whole: a reader sees either the old or
	 * the new ledger, never a part.
	 */
	void write(byte[] json) throws IOException;

}
