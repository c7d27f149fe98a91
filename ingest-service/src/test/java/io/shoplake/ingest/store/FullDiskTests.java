package io.shoplake.ingest.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * A full disk, as Linux reports it: files can be created, but writing to them fails with
 * "No space left on device" ({@code /dev/full} stands in for the file's blocks). Health
 * goes DOWN while it lasts and UP after, and no temporary file stays behind.
 */
class FullDiskTests {

	@TempDir
	Path root;

	private final AtomicBoolean full = new AtomicBoolean();

	private FilesystemObjectStore store() {
		return new FilesystemObjectStore(this.root, (path) -> {
			FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			if (!this.full.get()) {
				return file;
			}
			file.close();
			return FileChannel.open(Path.of("/dev/full"), StandardOpenOption.WRITE);
		});
	}

	@Test
	void healthIsDownWhileTheDiskIsFullAndNoTemporaryFileIsLeft() throws IOException {
		FilesystemObjectStore store = store();
		StoreHealthIndicator health = new StoreHealthIndicator(store);
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);

		this.full.set(true);
		for (int i = 0; i < 70; i++) {
			String name = "events/year=2026/month=11/day=24/part-" + i + ".ndjson.gz";
			assertThatIOException().isThrownBy(() -> store.create(name, new byte[10_000]))
				.withMessageContaining("No space left on device");
		}
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.health().getDetails().get("error").toString()).contains("No space left on device");
		assertThat(files()).as("no object and no temporary file after failed writes").isEmpty();

		this.full.set(false);
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		store.create("events/year=2026/month=11/day=24/part-after.ndjson.gz", new byte[10]);
		assertThat(files()).containsExactly("events/year=2026/month=11/day=24/part-after.ndjson.gz");
	}

	private java.util.List<String> files() throws IOException {
		try (Stream<Path> walk = Files.walk(this.root)) {
			return walk.filter(Files::isRegularFile)
				.map((path) -> this.root.relativize(path).toString())
				.sorted()
				.toList();
		}
	}

}
