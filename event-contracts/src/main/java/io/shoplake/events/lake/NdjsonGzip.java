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
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The one codec of lake and quarantine objects: gzip-compressed NDJSON, UTF-8, one JSON
 * object per line, each line ended by a newline. Each object is one gzip member deflated
 * by ISA-L's igzip where its native library loads (x86-64 Linux and macOS), else by zlib
 * at level {@value #LEVEL}: on lake objects igzip compresses four to five times as fast
 * as zlib at level 3 for objects about 6 % larger, and level 3 twice as fast as zlib's
 * default for objects 14 % larger than its (`GzipLevels` in benchmarks;
 * docs/benchmarks.md). Any reader of gzip reads either.
 */
public final class NdjsonGzip {

	/** Deflate level of objects zlib writes (where igzip is not available). */
	public static final int LEVEL = 3;

	/** gzip's member header: deflate, no flags, no time, no extra flags, unknown OS. */
	private static final byte[] HEADER = { 0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff };

	private static final int TRAILER_BYTES = 8;

	private NdjsonGzip() {
	}

	/** An object holding {@code lines} (each one JSON object without its newline). */
	public static byte[] encode(Iterable<byte[]> lines) {
		ByteArrayOutputStream joined = new ByteArrayOutputStream(1 << 12);
		for (byte[] line : lines) {
			joined.write(line, 0, line.length);
			joined.write('\n');
		}
		return encodeJoined(joined);
	}

	/**
	 * Compresses lines already joined with their newlines (a group commit's buffer).
	 */
	public static byte[] encodeJoined(ByteArrayOutputStream joined) {
		if (!Igzip.AVAILABLE || joined.size() == 0) {
			return encodeJoined(joined, LEVEL);
		}
		IgzipMember member = new IgzipMember();
		try {
			joined.writeTo(member);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return member.object;
	}

	/**
	 * Compresses lines already joined with their newlines with zlib at deflate
	 * {@code level} (1 fastest to 9 smallest): any level reads back the same.
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

	/**
	 * What deflates objects in this process: igzip, or zlib where igzip is not available.
	 */
	public static String compressor() {
		return Igzip.AVAILABLE ? "igzip level " + Igzip.LEVEL : "zlib level " + LEVEL;
	}

	/** A gzip stream at a chosen deflate level. */
	private static final class LeveledGzip extends GZIPOutputStream {

		LeveledGzip(OutputStream out, int level) throws IOException {
			super(out, 1 << 16);
			this.def.setLevel(level);
		}

	}

	/**
	 * Takes a buffer's whole contents in one write ({@link ByteArrayOutputStream#writeTo}
	 * makes exactly one) and makes the gzip member of it: header, igzip's deflate, CRC-32
	 * and length.
	 */
	private static final class IgzipMember extends OutputStream {

		private byte[] object;

		@Override
		public void write(byte[] bytes, int offset, int length) {
			if (this.object != null) {
				throw new IllegalStateException("an object is made of one buffer");
			}
			// igzip reads its input from the start of the array.
			byte[] in = (offset == 0) ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
			byte[] object = Igzip.deflate(in, length, HEADER.length, TRAILER_BYTES);
			System.arraycopy(HEADER, 0, object, 0, HEADER.length);
			CRC32 crc = new CRC32();
			crc.update(in, 0, length);
			int trailer = object.length - TRAILER_BYTES;
			littleEndian(object, trailer, (int) crc.getValue());
			littleEndian(object, trailer + 4, length);
			this.object = object;
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		private static void littleEndian(byte[] bytes, int at, int value) {
			bytes[at] = (byte) value;
			bytes[at + 1] = (byte) (value >>> 8);
			bytes[at + 2] = (byte) (value >>> 16);
			bytes[at + 3] = (byte) (value >>> 24);
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
