package io.shoplake.transform.bigquery;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.zetasql.Analyzer;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.SimpleCatalog;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.SqlException;
import com.google.zetasql.StructType;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.ZetaSQLBuiltinFunctionOptions;
import com.google.zetasql.ZetaSQLType.TypeKind;
import com.google.zetasql.resolvedast.ResolvedNodes;
import io.shoplake.events.LakeSchema;
import io.shoplake.transform.engine.Dag;
import io.shoplake.transform.engine.DataTests;
import io.shoplake.transform.project.DataTest;
import io.shoplake.transform.project.Model;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.render.Compiled;
import io.shoplake.transform.render.Renderer;
import io.shoplake.transform.warehouse.bigquery.BigQueryDialect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every model's BigQuery rendering, and the SQL of its data tests, analyzed by ZetaSQL
 * (BigQuery's analyzer) against a catalog of the declared source schema plus, for each
 * model, the output columns ZetaSQL resolved for its upstream models: a DuckDB-only
 * function, a misspelled or missing column, or a type error in the BigQuery SQL fails the
 * build.
 */
class BigQueryRenderingTests {

	private static final java.time.LocalDateTime NOW = java.time.LocalDateTime.parse("2026-11-25T12:00:00");

	private static final java.time.Instant WATERMARK = java.time.Instant.parse("2026-11-25T11:59:59.999Z");

	private final ModelProject project = ModelProject.load("transform");

	/** Every name in one dataset: the catalog below knows tables by their full name. */
	private static final BigQueryDialect dialect = new BigQueryDialect("proj", (name) -> "ds");

	private final Renderer renderer = new Renderer(this.project, dialect, Map.of());

	@Test
	void everyModelRendersToBigQuerySqlThatAnalyzes() {
		Analysis analysis = new Analysis();
		this.project.seeds().values().forEach(analysis::seed);
		Map<String, java.util.Set<String>> upstream = new TreeMap<>();
		for (Model model : this.project.models().values()) {
			upstream.put(model.name(), this.renderer.render(model).refs());
		}
		List<String> analyzed = new ArrayList<>();
		int tests = 0;
		for (String name : new Dag(upstream).order()) {
			Model model = this.project.models().get(name);
			Compiled full = this.renderer.render(model, false, List.of(), WATERMARK);
			analysis.add(name, full.sql());
			analysis.check(name, this.renderer.render(model).sql());
			if (full.config().incremental()) {
				analysis.check(name,
						this.renderer.render(model, true, List.of(LocalDate.parse("2026-11-24")), WATERMARK).sql());
			}
			analyzed.add(name);
			// Its data tests, as run after a full build and after a partition replace.
			String relation = dialect.relation(name);
			String replaced = (full.config().incremental()) ? "(SELECT * FROM " + relation + " WHERE "
					+ full.config().partitionBy() + " IN (DATE '2026-11-24'))" : relation;
			for (DataTest test : model.tests()) {
				analysis.check(name + " " + test.name(), DataTests.failingRows(test, relation, dialect::relation, NOW));
				analysis.check(name + " " + test.name(), DataTests.failingRows(test,
						DataTests.isRowLevel(test) ? replaced : relation, dialect::relation, NOW));
				tests++;
			}
		}
		assertThat(analyzed).containsAll(this.project.models().keySet());
		assertThat(tests).as("data tests analyzed")
			.isEqualTo(this.project.models().values().stream().mapToInt((model) -> model.tests().size()).sum());
		assertThat(tests).isGreaterThan(30);
		assertThat(analysis.columns("fct_daily_sales")).containsEntry("sales_date", "DATE")
			.containsEntry("net_cents", "INT64")
			.containsEntry("total_cents", "INT64");
		assertThat(analysis.columns("fct_orders")).containsEntry("order_id", "STRING")
			.containsEntry("ordered_at", "TIMESTAMP");
		assertThat(analysis.columns("stg_order_lines")).containsEntry("line_id", "STRING")
			.containsEntry("quantity", "INT64")
			.containsEntry("unit_price_cents", "INT64");
		assertThat(analysis.columns("stg_orders")).containsEntry("lines", "TYPE_ARRAY");
	}

	@Test
	void theLoadTypesEveryFieldOfALineAsTheRawTableDeclaresIt() {
		Analysis analysis = new Analysis();
		List<Type> loaded = analysis
			.check("load", "SELECT " + BigQueryDialect.TYPED_LINE + " FROM (SELECT PARSE_JSON('{}') AS line) lines")
			.getOutputColumnList()
			.stream()
			.map((column) -> column.getColumn().getType())
			.toList();
		List<LakeSchema.Column> declared = LakeSchema.current().columns();
		assertThat(loaded).hasSameSizeAs(declared);
		for (int i = 0; i < declared.size(); i++) {
			assertThat(loaded.get(i).equivalent(Analysis.typeOf(declared.get(i).type())))
				.as(declared.get(i).name() + " is " + loaded.get(i).getKind())
				.isTrue();
		}
	}

	private static final String RAW = dialect.relation("raw_events");

	@Test
	void aDuckDbOnlyRenderingIsRejected() {
		Analysis analysis = new Analysis();
		assertThatExceptionOfType(Rejected.class)
			.isThrownBy(() -> analysis.check("broken", "SELECT lines->>'$.order_id' AS order_id FROM " + RAW));
		assertThatExceptionOfType(Rejected.class)
			.isThrownBy(() -> analysis.check("broken", "SELECT len(line_ids) AS n FROM " + RAW));
		assertThatExceptionOfType(Rejected.class)
			.isThrownBy(() -> analysis.check("broken", "SELECT date_trunc('day', occurred_at) FROM " + RAW));
		assertThatExceptionOfType(Rejected.class)
			.isThrownBy(() -> analysis.check("broken", "SELECT no_such_column FROM " + RAW));
		assertThat(analysis.check("fine", "SELECT count(*) FROM " + RAW)).isNotNull();
	}

	/** ZetaSQL rejected a model's BigQuery SQL. */
	static final class Rejected extends RuntimeException {

		Rejected(String message, SqlException cause) {
			super(message, cause);
		}

	}

	/** A ZetaSQL catalog that grows with each analyzed model. */
	private static final class Analysis {

		private final AnalyzerOptions options = new AnalyzerOptions();

		private final SimpleCatalog catalog = new SimpleCatalog("shoplake");

		private final Map<String, Map<String, String>> columns = new TreeMap<>();

		Analysis() {
			LanguageOptions language = new LanguageOptions();
			language.enableMaximumLanguageFeatures();
			language.setSupportsAllStatementKinds();
			this.options.setLanguageOptions(language);
			this.catalog.addZetaSQLFunctionsAndTypes(new ZetaSQLBuiltinFunctionOptions(language));
			// raw_events as the warehouses declare it: the lake object, every
			// field of the contract's lake line with its type, the event date.
			List<SimpleColumn> raw = new ArrayList<>();
			raw.add(new SimpleColumn("raw_events", "_file", TypeFactory.createSimpleType(TypeKind.TYPE_STRING)));
			for (LakeSchema.Column column : LakeSchema.current().columns()) {
				raw.add(new SimpleColumn("raw_events", column.name(), typeOf(column.type())));
			}
			raw.add(new SimpleColumn("raw_events", "event_date", TypeFactory.createSimpleType(TypeKind.TYPE_DATE)));
			this.catalog.addSimpleTable(new SimpleTable(name("raw_events"), raw));
			table("raw_quarantine",
					Map.of("_file", TypeKind.TYPE_STRING, "message_id", TypeKind.TYPE_STRING, "stage",
							TypeKind.TYPE_STRING, "publish_time", TypeKind.TYPE_TIMESTAMP, "received_at",
							TypeKind.TYPE_TIMESTAMP, "publish_date", TypeKind.TYPE_DATE, "event_type",
							TypeKind.TYPE_STRING, "record", TypeKind.TYPE_JSON));
			table("raw_rejects", Map.of("_file", TypeKind.TYPE_STRING, "publish_date", TypeKind.TYPE_DATE,
					"line_number", TypeKind.TYPE_INT64, "reason", TypeKind.TYPE_STRING, "line", TypeKind.TYPE_STRING));
		}

		static Type typeOf(LakeSchema.FieldType type) {
			if (type instanceof LakeSchema.Struct struct) {
				return TypeFactory.createStructType(struct.fields()
					.stream()
					.map((field) -> new StructType.StructField(field.name(), typeOf(field.type())))
					.toList());
			}
			if (type instanceof LakeSchema.Array array) {
				return TypeFactory.createArrayType(typeOf(array.element()));
			}
			return TypeFactory.createSimpleType(switch ((LakeSchema.Scalar) type) {
				case STRING -> TypeKind.TYPE_STRING;
				case INT64 -> TypeKind.TYPE_INT64;
				case BOOL -> TypeKind.TYPE_BOOL;
				case DATE -> TypeKind.TYPE_DATE;
				case TIMESTAMP -> TypeKind.TYPE_TIMESTAMP;
			});
		}

		private void table(String name, Map<String, TypeKind> declared) {
			List<SimpleColumn> list = new ArrayList<>();
			declared.forEach(
					(column, kind) -> list.add(new SimpleColumn(name, column, TypeFactory.createSimpleType(kind))));
			this.catalog.addSimpleTable(new SimpleTable(name(name), list));
		}

		/** The table's name as the dialect writes it, without the backquotes. */
		private static String name(String table) {
			String relation = dialect.relation(table);
			return relation.substring(1, relation.length() - 1);
		}

		/** A seed: every column a string, named by the CSV header. */
		void seed(io.shoplake.transform.project.Seed seed) {
			Map<String, TypeKind> declared = new java.util.LinkedHashMap<>();
			seed.columns().forEach((column) -> declared.put(column, TypeKind.TYPE_STRING));
			table(seed.name(), declared);
		}

		/** Analyzes {@code sql}; fails with ZetaSQL's error naming the model. */
		ResolvedNodes.ResolvedQueryStmt check(String model, String sql) {
			try {
				return (ResolvedNodes.ResolvedQueryStmt) Analyzer.analyzeStatement(sql, this.options, this.catalog);
			}
			catch (SqlException ex) {
				throw new Rejected("model " + model + ": " + ex.getMessage() + "\n" + sql, ex);
			}
		}

		/** Analyzes a model and adds its output columns to the catalog. */
		void add(String model, String sql) {
			ResolvedNodes.ResolvedQueryStmt statement = check(model, sql);
			List<SimpleColumn> list = new ArrayList<>();
			Map<String, String> types = new TreeMap<>();
			for (ResolvedNodes.ResolvedOutputColumn column : statement.getOutputColumnList()) {
				Type type = column.getColumn().getType();
				list.add(new SimpleColumn(model, column.getName(), type));
				// The Java client names only simple types; arrays and structs by their
				// kind.
				types.put(column.getName(),
						type.isSimpleType()
								? type.typeName(com.google.zetasql.ZetaSQLOptions.ProductMode.PRODUCT_EXTERNAL)
								: type.getKind().name());
			}
			this.catalog.addSimpleTable(new SimpleTable(name(model), list));
			this.columns.put(model, types);
		}

		Map<String, String> columns(String model) {
			return this.columns.get(model);
		}

	}

}
