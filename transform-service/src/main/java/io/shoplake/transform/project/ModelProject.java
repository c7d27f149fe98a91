package io.shoplake.transform.project;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The dbt-like project, read from a classpath folder: {@code models/**}{@code /*.sql},
 * {@code models/*.yml} (descriptions, columns, tests), {@code macros/<dialect>.sql} and
 * {@code seeds/*.csv}.
 *
 * @param models by name
 * @param macros macro source per dialect ({@code duckdb}, {@code bigquery})
 * @param seeds by name
 */
public record ModelProject(Map<String, Model> models, Map<String, String> macros, Map<String, Seed> seeds) {

	private static final List<String> TEST_KINDS = List.of("unique", "not_null", "accepted_values", "relationships",
			"expression_is_true", "row_count", "freshness");

	/** Reads the project under {@code classpath:<root>/}. */
	public static ModelProject load(String root) {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		try {
			Map<String, String> templates = new TreeMap<>();
			Map<String, String> files = new TreeMap<>();
			for (Resource resource : resolver.getResources("classpath*:" + root + "/models/**/*.sql")) {
				String name = baseName(resource);
				String file = pathOf(resource, root);
				if (templates.put(name, read(resource)) != null) {
					throw new ProjectException(file, 0, "a second model named '" + name + "'");
				}
				files.put(name, file);
			}
			Map<String, Map<String, Object>> specs = new LinkedHashMap<>();
			for (Resource resource : resolver.getResources("classpath*:" + root + "/models/**/*.yml")) {
				readSpecs(resource, pathOf(resource, root), specs, templates.keySet());
			}
			Map<String, Model> models = new TreeMap<>();
			for (Map.Entry<String, String> entry : templates.entrySet()) {
				String name = entry.getKey();
				models.put(name, model(name, files.get(name), entry.getValue(), specs.getOrDefault(name, Map.of())));
			}
			Map<String, String> macros = new TreeMap<>();
			for (Resource resource : resolver.getResources("classpath*:" + root + "/macros/*.sql")) {
				macros.put(baseName(resource), read(resource));
			}
			Map<String, Seed> seeds = new TreeMap<>();
			for (Resource resource : resolver.getResources("classpath*:" + root + "/seeds/*.csv")) {
				seeds.put(baseName(resource), Seed.parse(baseName(resource), pathOf(resource, root), read(resource)));
			}
			return new ModelProject(models, macros, seeds);
		}
		catch (IOException ex) {
			throw new ProjectException(root, 0, "cannot read the project: " + ex.getMessage());
		}
	}

	@SuppressWarnings("unchecked")
	private static void readSpecs(Resource resource, String file, Map<String, Map<String, Object>> specs,
			java.util.Set<String> known) throws IOException {
		Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(resource));
		if (!(document instanceof Map<?, ?> root) || !(root.get("models") instanceof List<?> models)) {
			throw new ProjectException(file, 0, "expected a top-level 'models:' list");
		}
		for (Object item : models) {
			Map<String, Object> spec = (Map<String, Object>) item;
			String name = (String) spec.get("name");
			if (name == null || !known.contains(name)) {
				throw new ProjectException(file, 0, "describes model '" + name + "', which has no .sql file");
			}
			spec.put("__file", file);
			specs.put(name, spec);
		}
	}

	@SuppressWarnings("unchecked")
	private static Model model(String name, String file, String template, Map<String, Object> spec) {
		String specFile = (String) spec.getOrDefault("__file", file);
		List<Model.Column> columns = new ArrayList<>();
		List<DataTest> tests = new ArrayList<>();
		for (Object item : (List<Object>) spec.getOrDefault("columns", List.of())) {
			Map<String, Object> column = (Map<String, Object>) item;
			String columnName = (String) column.get("name");
			columns.add(new Model.Column(columnName, (String) column.getOrDefault("description", "")));
			for (Object test : (List<Object>) column.getOrDefault("tests", List.of())) {
				tests.add(test(test, columnName, specFile, name));
			}
		}
		for (Object test : (List<Object>) spec.getOrDefault("tests", List.of())) {
			tests.add(test(test, null, specFile, name));
		}
		return new Model(name, file, template, (String) spec.getOrDefault("description", ""), List.copyOf(columns),
				List.copyOf(tests));
	}

	@SuppressWarnings("unchecked")
	private static DataTest test(Object declared, String column, String file, String model) {
		String kind;
		Map<String, Object> args;
		if (declared instanceof String text) {
			kind = text;
			args = Map.of();
		}
		else if (declared instanceof Map<?, ?> map && map.size() == 1) {
			Map.Entry<String, Object> entry = ((Map<String, Object>) map).entrySet().iterator().next();
			kind = entry.getKey();
			args = (entry.getValue() instanceof Map<?, ?> values) ? new LinkedHashMap<>((Map<String, Object>) values)
					: Map.of();
		}
		else {
			throw new ProjectException(file, 0, "model " + model + ": a test is a name or a one-key map: " + declared);
		}
		if (!TEST_KINDS.contains(kind)) {
			throw new ProjectException(file, 0,
					"model " + model + ": unknown test '" + kind + "' (known: " + TEST_KINDS + ")");
		}
		Map<String, Object> rest = new LinkedHashMap<>(args);
		String severity = String.valueOf(rest.getOrDefault("severity", "error"));
		rest.remove("severity");
		return new DataTest(kind, column, Map.copyOf(rest), severity);
	}

	private static String read(Resource resource) throws IOException {
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static String baseName(Resource resource) {
		String filename = resource.getFilename();
		return filename.substring(0, filename.lastIndexOf('.'));
	}

	private static String pathOf(Resource resource, String root) throws IOException {
		String uri = resource.getURI().toString();
		int at = uri.lastIndexOf(root + "/");
		return (at >= 0) ? uri.substring(at) : uri;
	}

	/**
	 * The layer {@code name} lives in: {@code staging} for models under
	 * {@code models/staging/} and for seeds, {@code marts} for other models, {@code raw}
	 * for anything else (source and run tables).
	 */
	public String layerOf(String name) {
		Model model = this.models.get(name);
		if (model != null) {
			return model.file().contains("staging/") ? "staging" : "marts";
		}
		return this.seeds.containsKey(name) ? "staging" : "raw";
	}

}
