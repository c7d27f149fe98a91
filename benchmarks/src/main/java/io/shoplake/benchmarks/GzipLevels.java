package io.shoplake.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import io.shoplake.events.lake.NdjsonGzip;

/**
 * Speed and ratio of each deflate level on a real lake object (what the file sink's level
 * was chosen by):
 * {@code java -cp benchmarks/target/benchmarks.jar io.shoplake.benchmarks.GzipLevels <object.ndjson.gz>}.
 * Three rounds; the first warms up.
 */
public final class GzipLevels {

	private GzipLevels() {
	}

	public static void main(String[] args) throws IOException {
		ByteArrayOutputStream lines = new ByteArrayOutputStream();
		try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(args[0])))) {
			in.transferTo(lines);
		}
		System.out.printf(Locale.ROOT, "%s: %.1f MB of lines%n", args[0], lines.size() / 1e6);
		for (int round = 1; round <= 3; round++) {
			for (int level : new int[] { 1, 3, 6, 9 }) {
				long started = System.nanoTime();
				int compressed = NdjsonGzip.encodeJoined(lines, level).length;
				double seconds = (System.nanoTime() - started) / 1e9;
				System.out.printf(Locale.ROOT, "round %d level %d: %.0f MB/s, ratio %.2f%n", round, level,
						lines.size() / 1e6 / seconds, (double) lines.size() / compressed);
			}
		}
	}

}
