package io.shoplake.support.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Folders removed whole: the local stack's data on a reset, the benchmarks' scratch lakes
 * (gigabytes a run).
 */
public final class Folders {

	private Folders() {
	}

	/**
	 * Deletes {@code root} and everything under it, deepest first; nothing if it does not
	 * exist.
	 */
	public static void delete(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		List<Path> paths;
		try (Stream<Path> walk = Files.walk(root)) {
			paths = walk.sorted(Comparator.reverseOrder()).toList();
		}
		for (Path path : paths) {
			Files.delete(path);
		}
	}

}
