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
 * Speed and ratio of what deflates lake objects here ({@link NdjsonGzip#compressor()},
 * igzip where its library loads) beside zlib at each level, on a real lake object (what
 * the compressor and zlib's level were chosen by):
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
			long started = System.nanoTime();
			int compressed = NdjsonGzip.encodeJoined(lines).length;
			report(round, NdjsonGzip.compressor() + " (lake objects)", lines.size(), compressed, started);
			for (int level : new int[] { 1, 3, 6, 9 }) {
				started = System.nanoTime();
				compressed = NdjsonGzip.encodeJoined(lines, level).length;
				report(round, "zlib level " + level, lines.size(), compressed, started);
			}
		}
	}

	private static void report(int round, String compressor, int size, int compressed, long started) {
		double seconds = (System.nanoTime() - started) / 1e9;
		System.out.printf(Locale.ROOT, "round %d %s: %.0f MB/s, ratio %.2f%n", round, compressor, size / 1e6 / seconds,
				(double) size / compressed);
	}

}
