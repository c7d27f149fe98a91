package io.shoplake.transform.render;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.shoplake.transform.engine.Dag;
import io.shoplake.transform.project.Model;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.project.ProjectException;
import io.shoplake.transform.warehouse.DuckDbDialect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Strict rendering: every mistake fails before SQL runs, naming file and line. */
class RendererTests {

	private static final String MACROS = "{% macro json_int(c, p) %}CAST({{ c }}->>'$.{{ p }}' AS BIGINT){% endmacro %}";

	@Test
	void theWatermarkIsATimestampLiteralAndNoPartOfTheSqlHash() {
		Fixture renderer = fixture(Map.of("m", "SELECT * FROM {{ source('raw', 'events') }}"
				+ "{% if watermark() %} WHERE _publish_time <= {{ watermark() }}{% endif %}"));
		Model model = renderer.project().models().get("m");
		assertThat(renderer.renderer().render(model).sql()).isEqualTo("SELECT * FROM \"raw_events\"");
		assertThat(renderer.renderer()
			.render(model, false, List.of(), java.time.Instant.parse("2026-11-25T17:03:12.345Z"))
			.sql())
			.isEqualTo("SELECT * FROM \"raw_events\" WHERE _publish_time <= TIMESTAMP '2026-11-25 17:03:12.345'");
		String hash = renderer.renderer().sqlHash(model);
		assertThat(hash).hasSize(64)
			.isEqualTo(fixture(Map.of("m",
					"SELECT * FROM {{ source('raw', 'events') }}"
							+ "{% if watermark() %} WHERE _publish_time <= {{ watermark() }}{% endif %}"))
				.renderer()
				.sqlHash(model))
			.isNotEqualTo(renderer.renderer()
				.sqlHash(new Model("m", "models/m.sql", "SELECT * FROM {{ source('raw', 'events') }}", "", List.of(),
						List.of())));
	}

	@Test
	void rendersRefsSourcesVarsMacrosAndConfig() {
		Fixture renderer = fixture(Map.of("a", "{{ config(materialized='table', tags=['x']) }}\nSELECT 1 AS one", "b",
				"{{ config(materialized='incremental', partition_by='d') }}\n"
						+ "SELECT {{ json_int('payload', 'n') }} AS n FROM {{ ref('a') }}, {{ source('raw', 'events') }}\n"
						+ "WHERE k = {{ var('k') }}{% if is_incremental() %} AND d IN ({{ event_dates() }}){% endif %}"));
		Compiled b = renderer.render("b", true, List.of(LocalDate.parse("2026-11-24")));
		assertThat(b.sql()).isEqualTo("SELECT CAST(payload->>'$.n' AS BIGINT) AS n FROM \"a\", \"raw_events\"\n"
				+ "WHERE k = 7 AND d IN (DATE '2026-11-24')");
		assertThat(b.refs()).containsExactly("a");
		assertThat(b.sources()).containsExactly("raw.events");
		assertThat(b.config().partitionBy()).isEqualTo("d");
		Compiled a = renderer.render("a", false, List.of());
		assertThat(a.config().materialized()).isEqualTo("table");
		assertThat(a.config().tags()).containsExactly("x");
	}

	@Test
	void anUnknownRefNamesFileAndLine() {
		assertThatExceptionOfType(ProjectException.class).isThrownBy(() -> render("SELECT 1\nFROM {{ ref('nope') }}"))
			.satisfies((ex) -> assertThat(ex.line()).isEqualTo(2))
			.withMessageContaining("models/m.sql:2")
			.withMessageContaining("ref('nope'): no model or seed of that name");
	}

	@Test
	void anUndefinedVariableOrVarFails() {
		assertThatExceptionOfType(ProjectException.class).isThrownBy(() -> render("SELECT {{ undefined_thing }}"))
			.withMessageContaining("models/m.sql:1");
		assertThatExceptionOfType(ProjectException.class).isThrownBy(() -> render("\n\nSELECT {{ var('missing') }}"))
			.withMessageContaining("models/m.sql:3")
			.withMessageContaining("var('missing') is not defined");
		assertThat(fixture(Map.of("m", "SELECT {{ var('missing', 3) }}")).render("m", false, List.of()).sql())
			.isEqualTo("SELECT 3");
	}

	@Test
	void aMisspelledConfigKeyOrMaterializationFails() {
		assertThatExceptionOfType(ProjectException.class)
			.isThrownBy(() -> render("{{ config(materialised='table') }}\nSELECT 1"))
			.withMessageContaining("unknown key 'materialised'");
		assertThatExceptionOfType(ProjectException.class)
			.isThrownBy(() -> render("{{ config(materialized='tabel') }}\nSELECT 1"))
			.withMessageContaining("materialized must be one of");
		assertThatExceptionOfType(ProjectException.class)
			.isThrownBy(() -> render("{{ config(materialized='incremental') }}\nSELECT 1"))
			.withMessageContaining("needs partition_by");
	}

	@Test
	void aTemplateSyntaxErrorOrUnknownSourceFails() {
		assertThatExceptionOfType(ProjectException.class).isThrownBy(() -> render("SELECT 1\n{% if %}"))
			.withMessageContaining("models/m.sql:2");
		assertThatExceptionOfType(ProjectException.class)
			.isThrownBy(() -> render("SELECT * FROM {{ source('raw', 'evnts') }}"))
			.withMessageContaining("unknown source");
	}

	@Test
	void aCycleIsNamed() {
		Map<String, Set<String>> upstream = new TreeMap<>();
		upstream.put("a", Set.of("c"));
		upstream.put("b", Set.of("a"));
		upstream.put("c", Set.of("b"));
		upstream.put("d", Set.of());
		assertThatExceptionOfType(ProjectException.class).isThrownBy(() -> new Dag(upstream))
			.withMessageContaining("cycle: a -> c -> b -> a");
	}

	@Test
	void selectionsFollowTheGraph() {
		Map<String, Set<String>> upstream = new TreeMap<>();
		upstream.put("stg", Set.of());
		upstream.put("fct", Set.of("stg"));
		upstream.put("agg", Set.of("fct"));
		upstream.put("other", Set.of());
		Dag dag = new Dag(upstream);
		assertThat(dag.order()).containsExactly("other", "stg", "fct", "agg");
		assertThat(dag.select("+fct", (m) -> List.of())).containsExactly("stg", "fct");
		assertThat(dag.select("fct+", (m) -> List.of())).containsExactly("fct", "agg");
		assertThat(dag.select("tag:t other", (m) -> m.equals("agg") ? List.of("t") : List.of()))
			.containsExactly("other", "agg");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> dag.select("nope+", (m) -> List.of()));
	}

	private static void render(String template) {
		fixture(Map.of("m", template, "a", "SELECT 1")).render("m", false, List.of());
	}

	private static Fixture fixture(Map<String, String> templates) {
		Map<String, Model> models = new TreeMap<>();
		templates.forEach((name, template) -> models.put(name,
				new Model(name, "models/" + name + ".sql", template, "", List.of(), List.of())));
		ModelProject project = new ModelProject(models, Map.of("duckdb", MACROS), Map.of());
		return new Fixture(project, new Renderer(project, new DuckDbDialect(), Map.of("k", 7)));
	}

	private record Fixture(ModelProject project, Renderer renderer) {

		Compiled render(String model, boolean incremental, List<LocalDate> dates) {
			return this.renderer.render(this.project.models().get(model), incremental, dates, null);
		}

	}

}
