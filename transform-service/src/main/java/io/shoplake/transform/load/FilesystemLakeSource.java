package io.shoplake.transform.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.shoplake.events.lake.LakeLayout;
import io.shoplake.transform.render.Dialect;
import io.shoplake.transform.warehouse.WarehouseException;

/** A lake or quarantine in a local folder; the engine reads objects by file path. */
public final class FilesystemLakeSource implements LakeSource {

	private final Path root;

	public FilesystemLakeSource(Path root) {
		this.root = root.toAbsolutePath().normalize();
	}

	@Override
	public List<Dialect.RawObject> list(String top) {
		Path start = this.root.resolve(top);
		if (!Files.isDirectory(start)) {
			return List.of();
		}
		String base = this.root.toString().replace('\\', '/') + "/";
		try (Stream<Path> files = Files.walk(start)) {
			return files.filter(Files::isRegularFile)
				.map((path) -> this.root.relativize(path).toString().replace('\\', '/'))
				.filter((name) -> LakeLayout.isObject(top, name))
				.sorted()
				.map((name) -> new Dialect.RawObject(name, base + name, LakeLayout.partitionOf(name).orElseThrow()))
				.toList();
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			throw new WarehouseException("cannot list " + start + ": " + ex.getMessage(), ex, true);
		}
	}

	@Override
	public String toString() {
		return this.root.toString();
	}

}
