package io.shoplake.producer.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The ledger in a local file, replaced atomically (written beside it, then moved over
 * it).
 *
 * @param file the ledger's JSON file
 */
public record FileLedgerStore(Path file) implements LedgerStore {

	@Override
	public byte[] read() throws IOException {
		return Files.exists(this.file) ? Files.readAllBytes(this.file) : null;
	}

	@Override
	public void write(byte[] json) throws IOException {
		Files.createDirectories(this.file.toAbsolutePath().getParent());
		Path temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
		Files.write(temporary, json);
		Files.move(temporary, this.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	@Override
	public String toString() {
		return this.file.toString();
	}

}
