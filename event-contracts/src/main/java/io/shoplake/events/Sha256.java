package io.shoplake.events;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one content hash of the platform (payloads, events, rendered SQL). */
public final class Sha256 {

	private static final HexFormat HEX = HexFormat.of();

	private Sha256() {
	}

	/** The digest of {@code bytes}. */
	public static byte[] of(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

	/** The digest of {@code bytes}, lower-case hex. */
	public static String hex(byte[] bytes) {
		return HEX.formatHex(of(bytes));
	}

}
