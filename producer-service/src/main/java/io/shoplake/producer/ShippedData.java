package io.shoplake.producer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The data the producer ships as resources (catalogue, marketing, countries, realism
 * bands): read strictly — snake_case names, an unknown field is an error — so that a typo
 * in a data file fails at start-up instead of silently dropping a value.
 */
public final class ShippedData {

	private static final YAMLMapper yaml = YAMLMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private ShippedData() {
	}

	/** The YAML resource {@code name} as {@code type}. */
	public static <T> T yaml(String name, Class<T> type) {
		try (InputStream in = open(name)) {
			return yaml.readValue(in, type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The resource {@code name}, open.
	 * @throws IllegalStateException if it is not on the classpath
	 */
	public static InputStream open(String name) {
		InputStream in = ShippedData.class.getClassLoader().getResourceAsStream(name);
		if (in == null) {
			throw new IllegalStateException("no " + name + " on the classpath");
		}
		return in;
	}

}
