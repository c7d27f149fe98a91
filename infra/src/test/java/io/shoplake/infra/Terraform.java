package io.shoplake.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;

/**
 * Every {@code *.tf} file of a folder, parsed with hcl4j and merged: resources by type
 * and name, variables, outputs and locals, plus the raw text (for references). hcl4j
 * keeps an interpolation such as {@code "${local.ingest_url}/pubsub/push"} as the text
 * {@code local.ingest_url/pubsub/push}; a block written once is a map, several times a
 * list ({@link #blocks}).
 */
final class Terraform {

	private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\bvar\\.([a-z_][a-z0-9_]*)");

	private static final Pattern RESOURCE_REFERENCE = Pattern
		.compile("(?<![a-z0-9_.])(google_[a-z0-9_]+)\\.([a-z_][a-z0-9_]*)");

	private static final Pattern LOCAL_REFERENCE = Pattern.compile("\\blocal\\.([a-z_][a-z0-9_]*)");

	final Map<String, Map<String, Object>> files = new LinkedHashMap<>();

	final Map<String, Map<String, Map<String, Object>>> resources = new LinkedHashMap<>();

	final Map<String, Map<String, Map<String, Object>>> dataSources = new LinkedHashMap<>();

	final Map<String, Map<String, Object>> variables = new LinkedHashMap<>();

	final Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();

	final Map<String, Object> locals = new LinkedHashMap<>();

	final StringBuilder text = new StringBuilder();

	@SuppressWarnings("unchecked")
	static Terraform parse(Path folder) {
		Terraform terraform = new Terraform();
		try (Stream<Path> paths = Files.list(folder)) {
			for (Path file : paths.filter((p) -> p.toString().endsWith(".tf")).sorted().toList()) {
				String source = Files.readString(file);
				terraform.text.append(source).append('\n');
				Map<String, Object> parsed = (Map<String, Object>) plain(new HCLParser().parse(source));
				terraform.files.put(file.getFileName().toString(), parsed);
				((Map<String, Map<String, Map<String, Object>>>) parsed.getOrDefault("resource", Map.of()))
					.forEach((type, named) -> terraform.resources.computeIfAbsent(type, (k) -> new LinkedHashMap<>())
						.putAll(named));
				((Map<String, Map<String, Map<String, Object>>>) parsed.getOrDefault("data", Map.of()))
					.forEach((type, named) -> terraform.dataSources.computeIfAbsent(type, (k) -> new LinkedHashMap<>())
						.putAll(named));
				terraform.variables
					.putAll((Map<String, Map<String, Object>>) parsed.getOrDefault("variable", Map.of()));
				terraform.outputs.putAll((Map<String, Map<String, Object>>) parsed.getOrDefault("output", Map.of()));
				terraform.locals.putAll((Map<String, Object>) parsed.getOrDefault("locals", Map.of()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (HCLParserException ex) {
			throw new IllegalStateException("not valid HCL: " + ex.getMessage(), ex);
		}
		return terraform;
	}

	/**
	 * The parsed tree with hcl4j's symbols (a bare reference such as
	 * {@code google_pubsub_topic.events.id}) turned into their text.
	 */
	private static Object plain(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((key, item) -> copy.put(key.toString(), plain(item)));
			return copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>();
			list.forEach((item) -> copy.add(plain(item)));
			return copy;
		}
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
			return value;
		}
		return value.toString();
	}

	/** Resources of {@code type} by name (empty if none). */
	Map<String, Map<String, Object>> resources(String type) {
		return this.resources.getOrDefault(type, Map.of());
	}

	/** One resource, or an error naming it. */
	Map<String, Object> resource(String type, String name) {
		Map<String, Object> resource = resources(type).get(name);
		if (resource == null) {
			throw new AssertionError("no resource " + type + "." + name);
		}
		return resource;
	}

	/** A nested block or attribute by path ({@code push_config.oidc_token.audience}). */
	@SuppressWarnings("unchecked")
	static Object at(Map<String, Object> block, String path) {
		Object current = block;
		for (String key : path.split("\\.")) {
			if (current instanceof List<?> list && list.size() == 1) {
				current = list.get(0);
			}
			if (!(current instanceof Map)) {
				return null;
			}
			current = ((Map<String, Object>) current).get(key);
		}
		return current;
	}

	/**
	 * The blocks named {@code name} in {@code block}: one (a map) or several (a list).
	 */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> blocks(Map<String, Object> block, String name) {
		Object value = at(block, name);
		if (value instanceof Map<?, ?> single) {
			return List.of((Map<String, Object>) single);
		}
		if (value instanceof List<?> many) {
			List<Map<String, Object>> all = new ArrayList<>();
			many.forEach((item) -> all.add((Map<String, Object>) item));
			return all;
		}
		return List.of();
	}

	/**
	 * The resources {@code type.name} refers to, as {@code type.name} addresses: in its
	 * arguments (through the locals they use) and its {@code depends_on}. Data sources
	 * ({@code data.google_...}) are not resources.
	 */
	Set<String> references(String type, String name) {
		Set<String> found = new TreeSet<>();
		collectReferences(resource(type, name), found, new java.util.HashSet<>());
		found.remove(type + "." + name);
		return found;
	}

	private void collectReferences(Object value, Set<String> into, Set<String> localsSeen) {
		List<String> strings = new ArrayList<>();
		collect(value, strings);
		for (String text : strings) {
			Matcher resource = RESOURCE_REFERENCE.matcher(text);
			while (resource.find()) {
				if (this.resources.containsKey(resource.group(1))) {
					into.add(resource.group(1) + "." + resource.group(2));
				}
			}
			Matcher local = LOCAL_REFERENCE.matcher(text);
			while (local.find()) {
				if (localsSeen.add(local.group(1)) && this.locals.containsKey(local.group(1))) {
					collectReferences(this.locals.get(local.group(1)), into, localsSeen);
				}
			}
		}
	}

	/** What {@code type.name} lists in its {@code depends_on}. */
	Set<String> dependsOn(String type, String name) {
		Set<String> listed = new TreeSet<>();
		Object dependsOn = resource(type, name).get("depends_on");
		if (dependsOn != null) {
			List<String> items = new ArrayList<>();
			collect(dependsOn, items);
			listed.addAll(items);
		}
		return listed;
	}

	/**
	 * Every resource {@code type.name} waits for: what it refers to, and what those refer
	 * to, transitively.
	 */
	Set<String> dependencies(String type, String name) {
		Set<String> all = new TreeSet<>();
		java.util.Deque<String> open = new java.util.ArrayDeque<>(references(type, name));
		while (!open.isEmpty()) {
			String next = open.pop();
			if (all.add(next)) {
				int dot = next.indexOf('.');
				if (resources(next.substring(0, dot)).containsKey(next.substring(dot + 1))) {
					open.addAll(references(next.substring(0, dot), next.substring(dot + 1)));
				}
			}
		}
		return all;
	}

	/** The names of the variables the configuration refers to. */
	Set<String> variableReferences() {
		Set<String> names = new TreeSet<>();
		Matcher matcher = VARIABLE_REFERENCE.matcher(this.text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	/** Every string value inside resource blocks, recursively. */
	List<String> resourceStrings() {
		List<String> strings = new ArrayList<>();
		collect(this.resources, strings);
		return strings;
	}

	private static void collect(Object value, List<String> into) {
		if (value instanceof Map<?, ?> map) {
			map.values().forEach((item) -> collect(item, into));
		}
		else if (value instanceof List<?> list) {
			list.forEach((item) -> collect(item, into));
		}
		else if (value != null) {
			into.add(value.toString());
		}
	}

}
