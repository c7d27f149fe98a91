package io.shoplake.ingest.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/** The GCS adapter against Google's in-memory storage, with failures injected. */
class GcsObjectStoreTests {

	private final FailingStorage storage = new FailingStorage(LocalStorageHelper.getOptions().getService());

	private final GcsObjectStore store = new GcsObjectStore(this.storage.storage(), "lake");

	@Test
	void createsWholeObjectsAndNeverOverwritesOne() throws IOException {
		this.store.create("events/year=2026/month=11/day=25/part-a-1.ndjson.gz", bytes("first"));
		assertThatExceptionOfType(ObjectStore.ObjectExistsException.class).isThrownBy(
				() -> this.store.create("events/year=2026/month=11/day=25/part-a-1.ndjson.gz", bytes("second")));
		assertThat(new String(this.store.read("events/year=2026/month=11/day=25/part-a-1.ndjson.gz"),
				StandardCharsets.UTF_8))
			.isEqualTo("first");
	}

	@Test
	void listsTheObjectsUnderAPrefixSorted() throws IOException {
		this.store.create("events/year=2026/month=11/day=25/part-b-2.ndjson.gz", bytes("2"));
		this.store.create("events/year=2026/month=11/day=25/part-b-1.ndjson.gz", bytes("1"));
		this.store.create("events/year=2026/month=11/day=26/part-b-3.ndjson.gz", bytes("3"));
		assertThat(this.store.list("events/year=2026/month=11/day=25/")).containsExactly(
				"events/year=2026/month=11/day=25/part-b-1.ndjson.gz",
				"events/year=2026/month=11/day=25/part-b-2.ndjson.gz");
		this.store.checkWritable();
	}

	@Test
	void anUnavailableServiceIsAnIoErrorNotAnExistingObject() throws IOException {
		this.storage.down(true);
		assertThatIOException().isThrownBy(() -> this.store.create("events/x.ndjson.gz", bytes("x")))
			.isNotInstanceOf(ObjectStore.ObjectExistsException.class)
			.withMessageContaining("injected");
		assertThatIOException().isThrownBy(this.store::checkWritable);
		this.storage.down(false);
		this.store.create("events/x.ndjson.gz", bytes("x"));
		assertThat(this.store.list("events/")).containsExactly("events/x.ndjson.gz");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
