package io.shoplake.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The google provider's own schema, read from the manifest ({@code .jsii}) of the npm
 * package {@code @cdktf/provider-google}, which is generated from the provider and lists,
 * for every resource and data source, its arguments (required or not), its nested blocks
 * and its attributes. The package is fetched once with {@code npm pack} into
 * {@code target/provider-schema/} (npm's own registry settings and cache; npm verifies
 * the package's integrity). Only the types the configuration uses are kept.
 */
final class ProviderSchema {

	/** The package version, and the google provider version it was generated from. */
	static final String PACKAGE_VERSION = "16.12.1";

	static final String PROVIDER_VERSION = "6.50.0";

	private static final String PACKAGE = "@cdktf/provider-google";

	private static final String ASSEMBLY = PACKAGE + ".";

	/** Arguments Terraform accepts in every resource, whatever its schema. */
	static final Set<String> META_ARGUMENTS = Set.of("depends_on", "count", "for_each", "provider", "lifecycle");

	private static final Pattern ANCHOR = Pattern.compile("/docs/(?:resources|data-sources)/[a-z0-9_]+#([a-z0-9_]+) ");

	private static final Pattern REFERENCE = Pattern.compile(
			"(?<![A-Za-z0-9_.\\-])(data\\.)?(google_[a-z0-9_]+)\\.([a-z_][a-z0-9_-]*)(\\[[^\\]]*\\])?(?:\\.([a-z_][a-z0-9_]*))?");

	/** One resource's (or block's) arguments: attributes and nested blocks. */
	record Block(Map<String, Boolean> attributes, Map<String, Nested> blocks) {

	}

	/** A nested block: the type of its content and whether it must be written. */
	record Nested(String fqn, boolean required) {

	}

	private final Map<String, JsonNode> types;

	private ProviderSchema(Map<String, JsonNode> types) {
		this.types = types;
	}

	private static ProviderSchema google;

	/** The schema of the types {@code tf} uses (the package fetched on first use). */
	static synchronized ProviderSchema of(Terraform tf) {
		Set<String> namespaces = new TreeSet<>();
		tf.resources.keySet().forEach((type) -> namespaces.add(namespace(type, false)));
		tf.dataSources.keySet().forEach((type) -> namespaces.add(namespace(type, true)));
		if (google == null || !google.types.keySet()
			.stream()
			.map((fqn) -> fqn.split("\\.")[1])
			.collect(java.util.stream.Collectors.toSet())
			.containsAll(namespaces)) {
			google = new ProviderSchema(read(fetch(), namespaces));
		}
		return google;
	}

	/** {@code google_cloud_run_v2_service} → {@code cloudRunV2Service}. */
	static String namespace(String type, boolean dataSource) {
		String snake = dataSource ? "data_" + type : type.substring("google_".length());
		StringBuilder camel = new StringBuilder();
		boolean upper = false;
		for (char c : snake.toCharArray()) {
			if (c == '_') {
				upper = true;
			}
			else {
				camel.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return camel.toString();
	}

	private static String pascal(String namespace) {
		return Character.toUpperCase(namespace.charAt(0)) + namespace.substring(1);
	}

	/** The arguments of resource (or data source) {@code type}, or null if none such. */
	Block resource(String type, boolean dataSource) {
		String namespace = namespace(type, dataSource);
		return block(ASSEMBLY + namespace + "." + pascal(namespace) + "Config");
	}

	/** What can be read from a resource of {@code type} ({@code google_x.name.attr}). */
	Set<String> attributes(String type, boolean dataSource) {
		String namespace = namespace(type, dataSource);
		JsonNode resource = this.types.get(ASSEMBLY + namespace + "." + pascal(namespace));
		Set<String> names = new TreeSet<>();
		if (resource != null) {
			for (JsonNode property : resource.path("properties")) {
				names.add(snake(property));
			}
			Block config = resource(type, dataSource);
			if (config != null) {
				names.addAll(config.attributes().keySet());
				names.addAll(config.blocks().keySet());
			}
		}
		return names;
	}

	Block block(String fqn) {
		JsonNode type = this.types.get(fqn);
		if (type == null) {
			return null;
		}
		Map<String, Boolean> attributes = new LinkedHashMap<>();
		Map<String, Nested> blocks = new LinkedHashMap<>();
		for (JsonNode property : type.path("properties")) {
			String name = snake(property);
			boolean required = !property.path("optional").asBoolean(false);
			String nested = blockType(property.get("type"));
			if (nested != null) {
				blocks.put(name, new Nested(nested, required));
			}
			else {
				attributes.put(name, required);
			}
		}
		return new Block(attributes, blocks);
	}

	/** The struct a property's type holds, if it is a block (one, or a list of them). */
	private String blockType(JsonNode type) {
		if (type.has("fqn")) {
			JsonNode target = this.types.get(type.get("fqn").asString());
			return (target != null && target.path("datatype").asBoolean(false)) ? type.get("fqn").asString() : null;
		}
		if (type.has("union")) {
			for (JsonNode member : type.at("/union/types")) {
				String found = blockType(member);
				if (found != null) {
					return found;
				}
			}
		}
		if (type.has("collection") && "array".equals(type.at("/collection/kind").asString())) {
			return blockType(type.at("/collection/elementtype"));
		}
		return null;
	}

	/** A property's Terraform name: the anchor of its registry link, else snake case. */
	private static String snake(JsonNode property) {
		Matcher anchor = ANCHOR.matcher(property.path("docs").path("remarks").asString(""));
		if (anchor.find()) {
			return anchor.group(1);
		}
		String name = property.get("name").asString();
		return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

	/**
	 * What in {@code tf} the provider would refuse: unknown resource or data source
	 * types, unknown arguments or blocks, missing required ones, references to resources
	 * that are not declared or attributes they do not have.
	 */
	List<String> violations(Terraform tf) {
		List<String> violations = new ArrayList<>();
		tf.resources.forEach((type, named) -> named
			.forEach((name, body) -> check(violations, type + "." + name, resource(type, false), body, type, true)));
		tf.dataSources.forEach((type, named) -> named.forEach((name, body) -> check(violations,
				"data." + type + "." + name, resource(type, true), body, type, true)));
		// References are read from the source (hcl4j's rendering of an index such as
		// layers["raw"] loses it), comment lines left out.
		for (String text : tf.text.toString().split("\n")) {
			if (text.strip().startsWith("#")) {
				continue;
			}
			Matcher reference = REFERENCE.matcher(text);
			while (reference.find()) {
				boolean data = reference.group(1) != null;
				String type = reference.group(2);
				String name = reference.group(3);
				Map<String, Map<String, Map<String, Object>>> declared = data ? tf.dataSources : tf.resources;
				if (!declared.containsKey(type) || !declared.get(type).containsKey(name)) {
					violations.add("reference to undeclared " + (data ? "data." : "") + type + "." + name);
					continue;
				}
				String attribute = reference.group(5);
				if (attribute != null && !attributes(type, data).contains(attribute)) {
					violations.add("reference " + reference.group() + ": " + type + " has no attribute " + attribute);
				}
			}
		}
		return violations;
	}

	@SuppressWarnings("unchecked")
	private void check(List<String> violations, String where, Block schema, Map<String, Object> body, String type,
			boolean top) {
		if (schema == null) {
			violations.add(where + ": the google provider " + PROVIDER_VERSION + " has no " + type);
			return;
		}
		for (Map.Entry<String, Object> argument : body.entrySet()) {
			String key = argument.getKey();
			if (top && META_ARGUMENTS.contains(key) || schema.attributes().containsKey(key)) {
				continue;
			}
			Nested nested = schema.blocks().get(key);
			if (nested == null) {
				violations.add(where + ": unknown argument or block " + key);
				continue;
			}
			Block inner = block(nested.fqn());
			List<Object> instances = (argument.getValue() instanceof List<?> list) ? (List<Object>) list
					: List.of(argument.getValue());
			for (Object instance : instances) {
				if (instance instanceof Map<?, ?> map) {
					check(violations, where + "." + key, inner, (Map<String, Object>) map, type, false);
				}
				else {
					violations.add(where + "." + key + " is a block, written as an argument");
				}
			}
		}
		schema.attributes().forEach((name, required) -> {
			if (required && !body.containsKey(name)) {
				violations.add(where + ": missing required argument " + name);
			}
		});
		schema.blocks().forEach((name, nested) -> {
			if (nested.required() && !body.containsKey(name)) {
				violations.add(where + ": missing required block " + name);
			}
		});
	}

	/** The package in {@code target/provider-schema/}, fetched with npm if not there. */
	static Path fetch() {
		Path folder = Path.of("target", "provider-schema");
		Path tarball = folder.resolve("cdktf-provider-google-" + PACKAGE_VERSION + ".tgz");
		if (Files.isRegularFile(tarball)) {
			return tarball;
		}
		try {
			Files.createDirectories(folder);
			Process npm = new ProcessBuilder("npm", "pack", PACKAGE + "@" + PACKAGE_VERSION, "--pack-destination",
					folder.toAbsolutePath().toString(), "--silent")
				.redirectErrorStream(true)
				.start();
			String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.isRegularFile(tarball)) {
				throw new IllegalStateException("npm pack " + PACKAGE + "@" + PACKAGE_VERSION + " failed: " + output);
			}
			return tarball;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the provider schema check needs npm (scripts/test.sh installs it where "
					+ "apt is available): " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The types of {@code namespaces} from the package's {@code package/.jsii}. */
	static Map<String, JsonNode> read(Path tarball, Set<String> namespaces) {
		try (InputStream gzip = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
			byte[] header = new byte[512];
			while (gzip.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
				String name = text(header, 0, 100);
				String prefix = text(header, 345, 155);
				long size = Long.parseLong(text(header, 124, 12).trim(), 8);
				String path = prefix.isEmpty() ? name : prefix + "/" + name;
				if ("package/.jsii".equals(path) && (header[156] == '0' || header[156] == 0)) {
					return types(new BoundedStream(gzip, size), namespaces);
				}
				gzip.skipNBytes((size + 511) / 512 * 512);
			}
			throw new IllegalStateException(tarball + " has no package/.jsii");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String text(byte[] header, int offset, int length) {
		int end = offset;
		while (end < offset + length && header[end] != 0) {
			end++;
		}
		return new String(header, offset, end - offset, StandardCharsets.UTF_8);
	}

	/** Streams the manifest, keeping the {@code types} of the namespaces asked for. */
	private static Map<String, JsonNode> types(InputStream manifest, Set<String> namespaces) {
		JsonMapper mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
		Map<String, JsonNode> kept = new HashMap<>();
		try (JsonParser parser = mapper.createParser(manifest)) {
			parser.nextToken();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				parser.nextToken();
				if (!"types".equals(field)) {
					parser.skipChildren();
					continue;
				}
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String fqn = parser.currentName();
					parser.nextToken();
					String[] parts = fqn.split("\\.");
					if (parts.length == 3 && namespaces.contains(parts[1])) {
						kept.put(fqn, mapper.readTree(parser));
					}
					else {
						parser.skipChildren();
					}
				}
			}
		}
		return kept;
	}

	/** The bytes of one tar entry. */
	private static final class BoundedStream extends InputStream {

		private final InputStream in;

		private long left;

		BoundedStream(InputStream in, long size) {
			this.in = in;
			this.left = size;
		}

		@Override
		public int read() throws IOException {
			if (this.left <= 0) {
				return -1;
			}
			int b = this.in.read();
			if (b >= 0) {
				this.left--;
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.left <= 0) {
				return -1;
			}
			int n = this.in.read(buffer, offset, (int) Math.min(length, this.left));
			if (n > 0) {
				this.left -= n;
			}
			return n;
		}

	}

}
