package io.shoplake.ingest.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An object store in a local folder. An object is written to a hidden temporary file,
 * forced to disk, then linked to its name (which fails if the name exists), and the
 * folder is forced too: a reader sees whole objects or none, and {@link #create} returns
 * only when the object survives a crash.
 */
public final class FilesystemObjectStore implements ObjectStore {

	/** Bytes the health probe writes and forces: one block, as an object's first. */
	static final int PROBE_BYTES = 4_096;

	private final Path root;

	private final Opener opener;

	public FilesystemObjectStore(Path root) {
		this(root, (path) -> FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
	}

	/** A store whose files are opened by {@code opener} (tests stand in a full disk). */
	FilesystemObjectStore(Path root, Opener opener) {
		this.root = root;
		this.opener = opener;
	}

	@Override
	public void create(String name, byte[] bytes) throws IOException {
		Path target = resolve(name);
		if (Files.exists(target)) {
			throw new ObjectExistsException(name);
		}
		Path folder = target.getParent();
		Files.createDirectories(folder);
		Path temporary = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
		try {
			writeDurably(temporary, bytes);
			link(temporary, target, name);
		}
		finally {
			// Whatever failed (a full disk, a lost link), no temporary file stays behind.
			Files.deleteIfExists(temporary);
		}
		forceDirectory(folder);
	}

	private void writeDurably(Path path, byte[] bytes) throws IOException {
		try (FileChannel channel = this.opener.open(path)) {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
			channel.force(true);
		}
	}

	private static void link(Path temporary, Path target, String name) throws IOException {
		try {
			// A hard link is created atomically and never replaces a file: two writers of
			// one name cannot both succeed (a rename would silently replace).
			Files.createLink(target, temporary);
		}
		catch (FileAlreadyExistsException ex) {
			throw new ObjectExistsException(name);
		}
		catch (UnsupportedOperationException ex) {
			// No hard links here: a rename that refuses an existing target is the next
			// best.
			moveIfAbsent(temporary, target, name);
		}
	}

	/**
	 * Writes and forces a block to a hidden file under the root, then removes it: a full
	 * disk, a read-only mount or a lost folder fail here as an object's write would.
	 */
	@Override
	public void checkWritable() throws IOException {
		Path probe = this.root.resolve(".health-" + UUID.randomUUID() + ".tmp");
		try {
			Files.createDirectories(this.root);
			writeDurably(probe, new byte[PROBE_BYTES]);
		}
		catch (IOException ex) {
			throw new IOException("cannot write to " + this.root.toAbsolutePath() + ": " + ex.getMessage(), ex);
		}
		finally {
			Files.deleteIfExists(probe);
		}
	}

	@Override
	public byte[] read(String name) throws IOException {
		return Files.readAllBytes(resolve(name));
	}

	@Override
	public String toString() {
		return this.root.toString();
	}

	@Override
	public List<String> list(String prefix) throws IOException {
		Path start = this.root.resolve(prefix);
		if (!Files.exists(start)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(start)) {
			return files.filter(Files::isRegularFile)
				.filter((path) -> !path.getFileName().toString().startsWith("."))
				.map((path) -> this.root.relativize(path).toString().replace('\\', '/'))
				.sorted()
				.toList();
		}
	}

	private Path resolve(String name) {
		Path path = this.root.resolve(name).normalize();
		if (!path.startsWith(this.root.normalize())) {
			throw new IllegalArgumentException("object name escapes the store: " + name);
		}
		return path;
	}

	private static void moveIfAbsent(Path temporary, Path target, String name) throws IOException {
		try {
			Files.move(temporary, target);
		}
		catch (FileAlreadyExistsException ex) {
			throw new ObjectExistsException(name);
		}
	}

	/** Opens a new file for writing. */
	@FunctionalInterface
	interface Opener {

		FileChannel open(Path path) throws IOException;

	}

	/**
	 * Makes the rename itself durable (a no-op where the platform cannot open folders).
	 */
	private static void forceDirectory(Path folder) {
		try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some file systems refuse to open a directory; the rename is then as durable
			// as they make it.
		}
	}

}
