package io.shoplake.producer.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.shoplake.events.EventCodec;
import io.shoplake.producer.simulation.ShopperSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The ledger kept in Cloud Storage (Google's in-memory {@code LocalStorageHelper} as the
 * bucket), as two producer instances see it during a rollout: the new revision starts
 * while the old one still runs traffic and saves last.
 */
class GcsLedgerStoreTests {

	private static final String URI = "gs://shoplake-state/producer/ledger.json";

	private static final BlobId OBJECT = BlobId.of("shoplake-state", "producer/ledger.json");

	private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");

	private static final EventCodec codec = new EventCodec();

	private final Storage storage = LocalStorageHelper.getOptions().getService();

	@Test
	void writesReadBackAndNothingSavedReadsAsNull() throws IOException {
		GcsLedgerStore store = new GcsLedgerStore(this.storage, URI);
		assertThat(store.read()).isNull();
		store.write("{\"days\":{}}".getBytes(StandardCharsets.UTF_8));
		store.write("{\"days\":{},\"simulated_until\":null}".getBytes(StandardCharsets.UTF_8));
		assertThat(new String(new GcsLedgerStore(this.storage, URI).read(), StandardCharsets.UTF_8))
			.isEqualTo("{\"days\":{},\"simulated_until\":null}");
		assertThat(store).hasToString(URI);
	}

	@Test
	void anIdleInstanceNeverReplacesTheLedgerAndPicksUpTheOtherInstancesLastSave() {
		Instance old = start();
		old.ledger.simulated(HOUR.minusSeconds(3600), HOUR);
		assertThat(old.save()).isTrue();

		// The new revision starts; then the old one counts on and saves at its shutdown.
		Instance current = start();
		assertThat(current.ledger.simulatedUntil()).isEqualTo(HOUR);
		old.ledger.simulated(HOUR.minusSeconds(3600), HOUR.plusSeconds(3600));
		assertThat(old.save()).isTrue();
		long generation = this.storage.get(OBJECT).getGeneration();

		assertThat(current.save()).as("nothing counted, nothing written").isFalse();
		assertThat(this.storage.get(OBJECT).getGeneration()).isEqualTo(generation);
		// Before its traffic starts, the new instance loads the old one's last save.
		assertThat(current.ledger.refresh(current.store, codec.mapper())).isTrue();
		assertThat(current.ledger.simulatedUntil()).isEqualTo(HOUR.plusSeconds(3600));
		current.ledger.simulated(HOUR.minusSeconds(3600), HOUR.plusSeconds(7200));
		assertThat(current.save()).isTrue();
		assertThat(start().ledger.simulatedUntil()).isEqualTo(HOUR.plusSeconds(7200));
	}

	@Test
	void aSaveOverAnotherInstancesNewerLedgerFailsAndLeavesItAlone() {
		Instance first = start();
		Instance second = start();
		first.ledger.simulated(HOUR.minusSeconds(3600), HOUR);
		assertThat(first.save()).isTrue();
		second.ledger.simulated(HOUR.minusSeconds(3600), HOUR.plusSeconds(60));
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(second::save)
			.withMessageContaining(URI)
			.havingCause()
			.withMessageContaining("saved by another producer instance");
		assertThat(second.ledger.refresh(second.store, codec.mapper())).as("it holds unsaved counts").isFalse();
		assertThat(start().ledger.simulatedUntil()).isEqualTo(HOUR);

		// Both read the same generation; the first saves again; the second's save is
		// refused (GCS answers 412; Google's in-memory storage a generation mismatch).
		Instance third = start();
		first.ledger.simulated(HOUR.minusSeconds(3600), HOUR.plusSeconds(120));
		assertThat(first.save()).isTrue();
		third.ledger.simulated(HOUR.minusSeconds(3600), HOUR.plusSeconds(180));
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(third::save).withMessageContaining(URI);
		assertThat(start().ledger.simulatedUntil()).isEqualTo(HOUR.plusSeconds(120));
	}

	@Test
	void anUploadThatLandedThoughItsAnswerWasLostCountsAsWritten() throws IOException {
		byte[] json = "{\"days\":{}}".getBytes(StandardCharsets.UTF_8);
		GcsLedgerStore store = new GcsLedgerStore(this.storage, URI);
		assertThat(store.read()).isNull();
		// The upload lands, its answer is lost: the object holds it, the store does not
		// know its generation; retried, the precondition fails on its own upload.
		new GcsLedgerStore(this.storage, URI).write(json);
		store.write(json);
		// It adopted that generation: the next save goes through.
		store.write("{\"days\":{},\"simulated_until\":null}".getBytes(StandardCharsets.UTF_8));
		assertThat(new String(new GcsLedgerStore(this.storage, URI).read(), StandardCharsets.UTF_8))
			.isEqualTo("{\"days\":{},\"simulated_until\":null}");
	}

	@Test
	void aLedgerObjectIsABucketAndAName() {
		for (String bad : new String[] { "shoplake-state/ledger.json", "gs://shoplake-state", "gs://shoplake-state/",
				"gs:///ledger.json" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> new GcsLedgerStore(this.storage, bad))
				.withMessageContaining("gs://<bucket>/<name>");
		}
	}

	/** A producer instance starting: its own store client, its ledger loaded from it. */
	private Instance start() {
		GcsLedgerStore store = new GcsLedgerStore(this.storage, URI);
		Ledger ledger = new Ledger(ShopperSimulator::campaignOfClick);
		ledger.load(store, codec.mapper());
		return new Instance(ledger, store);
	}

	private record Instance(Ledger ledger, GcsLedgerStore store) {

		boolean save() {
			return this.ledger.save(this.store, codec.mapper());
		}

	}

}
