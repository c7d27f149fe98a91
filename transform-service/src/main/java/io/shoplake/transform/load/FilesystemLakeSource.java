package io.shoplake.transform.load;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

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
		List<String> names = new ArrayList<>();
		try {
			Files.walkFileTree(start, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
					if (attributes.isRegularFile()) {
						names.add(FilesystemLakeSource.this.root.relativize(file).toString().replace('\\', '/'));
					}
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
					// A writer's temporary file, renamed or removed while the folder is
					// read: not an object, and gone.
					if (ex instanceof NoSuchFileException) {
						return FileVisitResult.CONTINUE;
					}
					throw ex;
				}

			});
		}
		catch (IOException ex) {
			throw new WarehouseException("cannot list " + start + ": " + ex.getMessage(), ex, true);
		}
		return names.stream()
			.filter((name) -> LakeLayout.isObject(top, name))
			.sorted()
			.map((name) -> new Dialect.RawObject(name, base + name, LakeLayout.partitionOf(name).orElseThrow()))
			.toList();
	}

	@Override
	public String toString() {
		return this.root.toString();
	}

}
