package io.shoplake.events.lake;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Lake objects deflated by igzip read back byte for byte with the JDK's gzip reader, like
 * those zlib writes, whatever the bytes (lines, incompressible input in and across
 * deflate's 64 KiB stored blocks, nothing).
 */
class NdjsonGzipTests {

	@Test
	@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
	void igzipDeflatesObjectsOnX8664Linux() {
		// The build machine and the service images are x86-64 Linux: a dependency change
		// that lost the native library would fall back to zlib silently without this.
		assertThat(Igzip.AVAILABLE).isTrue();
		assertThat(NdjsonGzip.compressor()).isEqualTo("igzip level 2");
	}

	/**
	 * Every process unpacks the native library anew, and a killed one leaves its copy
	 * (800 KB): the copies earlier processes left are deleted before the next is
	 * unpacked; not a recent one (a process starting beside this one may be writing it),
	 * and nothing else in the folder.
	 */
	@Test
	void copiesOfTheNativeLibraryLeftByEarlierProcessesAreDeleted(@TempDir Path folder) throws IOException {
		Instant now = Instant.parse("2026-12-03T07:00:00Z");
		FileTime earlier = FileTime.from(now.minusSeconds(3_600));
		Files.setLastModifiedTime(
				Files.write(folder.resolve("libgkl_compression1060235869345488003.so"), new byte[100]), earlier);
		Files.setLastModifiedTime(Files.write(folder.resolve("libgkl_compression42.so"), new byte[100]), earlier);
		Files.setLastModifiedTime(Files.write(folder.resolve("libgkl_compression7.so"), new byte[100]),
				FileTime.from(now.plusSeconds(1)));
		Files.setLastModifiedTime(Files.write(folder.resolve("libother.so"), new byte[100]), earlier);
		Files.createDirectories(folder.resolve("gkl"));
		assertThat(Igzip.deleteCopies(folder, now)).isEqualTo(2);
		try (var left = Files.list(folder)) {
			assertThat(left.map((path) -> path.getFileName().toString()))
				.containsExactlyInAnyOrder("libgkl_compression7.so", "libother.so", "gkl");
		}
		assertThat(Igzip.deleteCopies(folder, now)).isZero();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 100, 10_000, 300_000 })
	void linesOfEverySizeReadBackAsWritten(int lines) throws IOException {
		ByteArrayOutputStream joined = lines(lines, new Random(lines));
		byte[] object = NdjsonGzip.encodeJoined(joined);
		assertThat(gunzip(object)).isEqualTo(joined.toByteArray());
		assertThat(gunzip(NdjsonGzip.encodeJoined(joined, NdjsonGzip.LEVEL))).isEqualTo(joined.toByteArray());
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 7, 4_096, 65_535, 65_536, 200_003, 3_000_000 })
	void incompressibleBytesFitTheOutputAndReadBack(int size) throws IOException {
		byte[] noise = new byte[size];
		new Random(size).nextBytes(noise);
		ByteArrayOutputStream joined = new ByteArrayOutputStream();
		joined.writeBytes(noise);
		byte[] object = NdjsonGzip.encodeJoined(joined);
		assertThat(gunzip(object)).isEqualTo(noise);
		// Stored blocks at worst: the object is barely larger than its bytes.
		assertThat(object.length).isLessThan(size + size / 1_000 + 64);
	}

	@Test
	void anEmptyObjectIsAnEmptyGzipMember() throws IOException {
		byte[] object = NdjsonGzip.encodeJoined(new ByteArrayOutputStream());
		assertThat(gunzip(object)).isEmpty();
		assertThat(NdjsonGzip.decode(object)).isEmpty();
	}

	@Test
	void linesCompressAboutAsWellAsZlibsLevelThree() {
		ByteArrayOutputStream joined = lines(20_000, new Random(7));
		int ours = NdjsonGzip.encodeJoined(joined).length;
		int zlib = NdjsonGzip.encodeJoined(joined, NdjsonGzip.LEVEL).length;
		assertThat((double) ours / zlib).isBetween(0.9, 1.2);
		assertThat((double) joined.size() / ours).isGreaterThan(3.0);
	}

	@Test
	void aCorruptChecksumOrLengthIsAnError() {
		byte[] object = NdjsonGzip.encode(Arrays.asList("{\"n\":1}".getBytes(StandardCharsets.UTF_8)));
		byte[] badCrc = object.clone();
		badCrc[object.length - 8] ^= 1;
		assertThatExceptionOfType(ZipException.class).isThrownBy(() -> gunzip(badCrc));
		byte[] badLength = object.clone();
		badLength[object.length - 1] ^= 1;
		assertThatExceptionOfType(ZipException.class).isThrownBy(() -> gunzip(badLength));
	}

	/** Lines like the lake's: JSON objects of varied ids, types and amounts. */
	private static ByteArrayOutputStream lines(int count, Random random) {
		String[] types = { "page_viewed", "product_viewed", "cart_item_added", "order_completed", "ad_clicked" };
		ByteArrayOutputStream joined = new ByteArrayOutputStream();
		for (int i = 0; i < count; i++) {
			String line = "{\"event_id\":\"" + new UUID(random.nextLong(), random.nextLong()) + "\",\"event_type\":\""
					+ types[random.nextInt(types.length)] + "\",\"session_id\":\"s-" + random.nextInt(1_000_000)
					+ "\",\"amount_cents\":" + random.nextInt(100_000) + "}\n";
			joined.writeBytes(line.getBytes(StandardCharsets.UTF_8));
		}
		return joined;
	}

	private static byte[] gunzip(byte[] object) throws IOException {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(object))) {
			return in.readAllBytes();
		}
	}

}
