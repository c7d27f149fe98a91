package io.shoplake.transform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;

import io.shoplake.events.lake.LakeLayout;
import io.shoplake.events.lake.NdjsonGzip;

/**
 * Writes lake objects by hand, as another writer (an older ingest, a copied file) would:
 * the lines as given, in the shared layout and object format.
 */
public final class LakeFiles {

	private LakeFiles() {
	}

	/**
	 * Writes {@code lines} as {@code <lake>/events/year=/month=/day=/<part>.ndjson.gz}.
	 */
	public static Path write(Path lake, LocalDate day, String part, String... lines) {
		Path folder = lake.resolve(LakeLayout.folder(LakeLayout.EVENTS, day));
		try {
			Files.createDirectories(folder);
			return Files.write(folder.resolve(part + LakeLayout.SUFFIX), NdjsonGzip
				.encode(Arrays.stream(lines).map((line) -> line.getBytes(StandardCharsets.UTF_8)).toList()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
