package io.shoplake.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The benchmarks' scratch folders (lakes of gigabytes), removed when done. */
final class Folders {

	private Folders() {
	}

	/** Deletes {@code root} and everything under it; nothing if it does not exist. */
	static void delete(Path root) throws IOException {
		if (Files.exists(root)) {
			try (Stream<Path> paths = Files.walk(root)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
	}

}
