package io.shoplake.events.lake;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import com.intel.gkl.compression.IntelDeflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw deflate of a whole buffer in one call by ISA-L's igzip, as Intel's Genomics Kernel
 * Library builds it (a native library for Linux and macOS on x86-64). On lake objects it
 * compresses four to five times as fast as zlib at level 3, for objects about 6 % larger
 * (`GzipLevels` in benchmarks; docs/benchmarks.md). Where the library does not load, or
 * fails its check when it does, {@link #AVAILABLE} is false and callers use zlib.
 */
final class Igzip {

	private static final Logger logger = LoggerFactory.getLogger(Igzip.class);

	/** igzip's level: 1 and 2 are igzip's (2 compresses a little better, as fast). */
	static final int LEVEL = 2;

	/** Whether the native library loaded and compresses correctly here. */
	static final boolean AVAILABLE = load();

	private Igzip() {
	}

	/**
	 * Deflates {@code in[0, length)} (raw deflate, no header) into a new array, after
	 * {@code before} bytes and followed by {@code after} bytes left for the caller.
	 * @param length at least 1: the library refuses empty input
	 */
	static byte[] deflate(byte[] in, int length, int before, int after) {
		// igzip compresses statelessly: all of its output must fit in one buffer, or it
		// throws. Lines take a fifth of their size or less; incompressible bytes, stored,
		// 5 bytes more in every 65,535, so they are tried again with room for that.
		try {
			return deflate(in, length, before, after, length / 2 + 4_096);
		}
		catch (RuntimeException ex) {
			return deflate(in, length, before, after, length + (length >>> 12) + 4_096);
		}
	}

	private static byte[] deflate(byte[] in, int length, int before, int after, int room) {
		byte[] out = new byte[room];
		Deflater deflater = new IntelDeflater(LEVEL, true);
		try {
			deflater.setInput(in, 0, length);
			deflater.finish();
			int written = deflater.deflate(out, 0, out.length);
			if (!deflater.finished()) {
				throw new IllegalStateException("igzip did not finish " + length + " bytes in " + room);
			}
			// The library writes from the start of its output array only.
			byte[] framed = new byte[before + written + after];
			System.arraycopy(out, 0, framed, before, written);
			return framed;
		}
		finally {
			deflater.end();
		}
	}

	/**
	 * Copies of the native library an earlier process unpacked and left: the library is
	 * unpacked anew by every process that loads it, and deleted when the process exits,
	 * but not by a process that is killed.
	 */
	private static final String COPIES = "libgkl_compression*";

	private static boolean load() {
		try {
			if (!new IntelDeflater().load(unpackFolder())) {
				return false;
			}
			// A library that loads but deflates wrongly would corrupt every object: check
			// one round trip before trusting it.
			byte[] sample = "{\"event_id\":\"check\",\"n\":1}\n".repeat(64).getBytes(StandardCharsets.UTF_8);
			return Arrays.equals(inflate(deflate(sample, sample.length, 0, 0), sample.length), sample);
		}
		catch (LinkageError | RuntimeException | DataFormatException ex) {
			logger.info("igzip unavailable, lake objects are deflated by zlib: {}", ex.toString());
			return false;
		}
	}

	/**
	 * A folder of the temporary directory for the library's copy, emptied of the copies
	 * earlier processes left there; null (the library then unpacks into the temporary
	 * directory itself) where that folder cannot be made.
	 */
	private static File unpackFolder() {
		try {
			Path folder = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "shoplake-gkl"));
			deleteCopies(folder, Instant.now().minus(Duration.ofMinutes(1)));
			return folder.toFile();
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Deletes the library's copies in {@code folder} last written before {@code before};
	 * how many. A copy another running process has loaded stays loaded: the system keeps
	 * a mapped file until it is unmapped. A recent copy may be one a process starting
	 * beside this one is still writing, so it is left for the next start, as is a copy
	 * that cannot be deleted.
	 */
	static int deleteCopies(Path folder, Instant before) throws IOException {
		int deleted = 0;
		try (DirectoryStream<Path> copies = Files.newDirectoryStream(folder, COPIES)) {
			for (Path copy : copies) {
				try {
					if (Files.getLastModifiedTime(copy).toInstant().isBefore(before)) {
						deleted += Files.deleteIfExists(copy) ? 1 : 0;
					}
				}
				catch (IOException ex) {
					logger.debug("could not delete {}: {}", copy, ex.toString());
				}
			}
		}
		return deleted;
	}

	private static byte[] inflate(byte[] deflated, int length) throws DataFormatException {
		Inflater inflater = new Inflater(true);
		try {
			inflater.setInput(deflated);
			byte[] out = new byte[length];
			int read = inflater.inflate(out);
			return (inflater.finished() && read == length) ? out : new byte[0];
		}
		finally {
			inflater.end();
		}
	}

}
