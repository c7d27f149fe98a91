package io.shoplake.events.lake;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The one codec of lake and quarantine objects: gzip-compressed NDJSON, UTF-8, one JSON
 * object per line, each line ended by a newline. Written at deflate level
 * {@value #LEVEL}: on lake objects it compresses about twice as fast as the default level
 * 6 for objects about 14 % larger (`GzipLevels` in benchmarks; docs/benchmarks.md).
 */
public final class NdjsonGzip {

	/** Deflate level of every object written. */
	public static final int LEVEL = 3;

	private NdjsonGzip() {
	}

	/** An object holding {@code lines} (each one JSON object without its newline). */
	public static byte[] encode(Iterable<byte[]> lines) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 12);
		try (GZIPOutputStream gzip = new LeveledGzip(bytes, LEVEL)) {
			for (byte[] line : lines) {
				gzip.write(line);
				gzip.write('\n');
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Compresses lines already joined with their newlines (a group commit's buffer).
	 */
	public static byte[] encodeJoined(ByteArrayOutputStream joined) {
		return encodeJoined(joined, LEVEL);
	}

	/**
	 * Compresses lines already joined with their newlines at deflate {@code level} (1
	 * fastest to 9 smallest): any level reads back the same.
	 */
	public static byte[] encodeJoined(ByteArrayOutputStream joined, int level) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1 << 12, joined.size() / 4));
		try (GZIPOutputStream gzip = new LeveledGzip(bytes, level)) {
			joined.writeTo(gzip);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** A gzip stream at a chosen deflate level. */
	private static final class LeveledGzip extends GZIPOutputStream {

		LeveledGzip(OutputStream out, int level) throws IOException {
			super(out, 1 << 16);
			this.def.setLevel(level);
		}

	}

	/**
	 * The non-empty lines of an object.
	 * @throws IOException if the bytes are not gzip, or are cut short
	 */
	public static List<String> decode(byte[] object) throws IOException {
		return decode(new ByteArrayInputStream(object));
	}

	/**
	 * The non-empty lines of an object read from {@code in}.
	 * @throws IOException if the bytes are not gzip, or are cut short
	 */
	public static List<String> decode(InputStream in) throws IOException {
		List<String> lines = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (!line.isEmpty()) {
					lines.add(line);
				}
			}
		}
		return lines;
	}

}
