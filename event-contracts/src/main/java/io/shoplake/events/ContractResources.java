package io.shoplake.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON documents the contract ships on the classpath (its schemas). */
public final class ContractResources {

	private ContractResources() {
	}

	/**
	 * The document at classpath {@code resource}, e.g. {@code schemas/v1/common.json}.
	 * @throws IllegalStateException if there is none
	 */
	public static JsonNode json(String resource) {
		try (InputStream in = ContractResources.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("no " + resource + " on the classpath");
			}
			return JsonMapper.shared().readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
