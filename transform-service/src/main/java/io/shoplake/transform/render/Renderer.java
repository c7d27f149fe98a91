package io.shoplake.transform.render;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import io.shoplake.events.Sha256;
import io.shoplake.transform.project.Model;
import io.shoplake.transform.project.ModelProject;
import io.shoplake.transform.project.ProjectException;

/**
 * Renders model templates with Jinjava, strictly: an undefined variable, an unknown
 * function, ref or source, a misspelled config key or any template error fails with the
 * model's file and line, before any SQL runs. Functions: {@code config(...)},
 * {@code ref('m')} (a model or a seed), {@code source('raw','events')},
 * {@code var('x'[, default])}, {@code is_incremental()}, {@code event_dates()} (the dates
 * an incremental run replaces, as SQL DATE literals), {@code first_event_date()},
 * {@code watermark()} (the publish time up to which lines are shown), and the dialect's
 * macros.
 */
public final class Renderer {

	private static final String STATE = "__shoplake_render";

	/** Macros that read the same in every dialect: {@code macros/common.sql}. */
	static final String COMMON_MACROS = "common";

	private static final Map<String, String> SOURCES = Map.of("raw.events", "raw_events", "raw.quarantine",
			"raw_quarantine", "raw.rejects", "raw_rejects");

	private final Jinjava jinjava;

	private final Context macros;

	private final ModelProject project;

	private final Dialect dialect;

	private final Map<String, Object> vars;

	/**
	 * @param project the models and macros
	 * @param dialect the macro file to use and how names are written
	 * @param vars values for {@code var()}
	 */
	public Renderer(ModelProject project, Dialect dialect, Map<String, Object> vars) {
		this.project = project;
		this.dialect = dialect;
		this.vars = Map.copyOf(vars);
		JinjavaConfig config = JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build();
		this.jinjava = new Jinjava(config);
		Context global = this.jinjava.getGlobalContext();
		global.registerFunction(new ELFunctionDefinition("", "ref", Renderer.class, "ref", String.class));
		global.registerFunction(
				new ELFunctionDefinition("", "source", Renderer.class, "source", String.class, String.class));
		global.registerFunction(new ELFunctionDefinition("", "config", Renderer.class, "config", Object[].class));
		global.registerFunction(new ELFunctionDefinition("", "var", Renderer.class, "variable", Object[].class));
		global.registerFunction(new ELFunctionDefinition("", "is_incremental", Renderer.class, "isIncremental"));
		global.registerFunction(new ELFunctionDefinition("", "event_dates", Renderer.class, "eventDates"));
		global.registerFunction(new ELFunctionDefinition("", "first_event_date", Renderer.class, "firstEventDate"));
		global.registerFunction(new ELFunctionDefinition("", "watermark", Renderer.class, "watermark"));
		this.macros = new Context(global);
		// macros/common.sql (the same in every dialect), then the dialect's own file.
		for (String file : List.of(COMMON_MACROS, dialect.macroFile())) {
			String macroSource = project.macros().get(file);
			if (macroSource != null) {
				JinjavaInterpreter interpreter = new JinjavaInterpreter(this.jinjava, this.macros, config);
				interpreter.render(macroSource);
				failOnErrors(interpreter, "macros/" + file + ".sql", null);
			}
		}
	}

	/**
	 * Renders {@code model} as a full build with no watermark (what compiling, selecting
	 * and lineage see).
	 */
	public Compiled render(Model model) {
		return render(model, false, Set.of(), "");
	}

	/**
	 * Renders {@code model}.
	 * @param incremental what {@code is_incremental()} answers
	 * @param dates what {@code event_dates()} lists
	 * @param watermark what {@code watermark()} gives: the publish time up to which lines
	 * are shown, as a TIMESTAMP literal; null for none (every loaded line shown)
	 */
	public Compiled render(Model model, boolean incremental, Collection<LocalDate> dates, Instant watermark) {
		return render(model, incremental, dates, (watermark != null) ? this.dialect.timestamp(watermark) : "");
	}

	/**
	 * The hash of what {@code model} builds: its full-build SQL with the watermark as a
	 * placeholder, so a new watermark is not new SQL, and a changed template or macro is.
	 */
	public String sqlHash(Model model) {
		return sha256(render(model, false, Set.of(), "__WATERMARK__").sql());
	}

	private Compiled render(Model model, boolean incremental, Collection<LocalDate> dates, String watermark) {
		State state = new State(model, incremental, dates, watermark);
		Context context = new Context(this.macros);
		context.put(STATE, state);
		JinjavaInterpreter interpreter = new JinjavaInterpreter(this.jinjava, context, this.jinjava.getGlobalConfig());
		JinjavaInterpreter.pushCurrent(interpreter);
		String sql;
		try {
			sql = interpreter.render(model.template());
		}
		catch (InterpretException ex) {
			int line = (ex.getLineNumber() > 0) ? ex.getLineNumber() : interpreter.getLineNumber();
			throw new ProjectException(model.file(), line, ex.getMessage());
		}
		finally {
			JinjavaInterpreter.popCurrent();
		}
		failOnErrors(interpreter, model.file(), state);
		ModelConfig config = ModelConfig.of(state.config);
		if (!ModelConfig.MATERIALIZATIONS.contains(config.materialized())) {
			throw new ProjectException(model.file(), state.configLine, "materialized must be one of "
					+ ModelConfig.MATERIALIZATIONS + ", not '" + config.materialized() + "'");
		}
		if (config.incremental() && config.partitionBy() == null) {
			throw new ProjectException(model.file(), state.configLine,
					"an incremental model needs partition_by (its DATE column)");
		}
		return new Compiled(model.name(), sql.strip(), config, Set.copyOf(state.refs), Set.copyOf(state.sources));
	}

	private static void failOnErrors(JinjavaInterpreter interpreter, String file, State state) {
		if (state != null && state.error != null) {
			throw new ProjectException(file, state.errorLine, state.error);
		}
		for (TemplateError error : interpreter.getErrors()) {
			if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
				throw new ProjectException(file, error.getLineno(), error.getMessage());
			}
		}
	}

	private static State state() {
		JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
		return (State) interpreter.getContext().get(STATE);
	}

	private static int line() {
		return JinjavaInterpreter.getCurrentMaybe().map(JinjavaInterpreter::getLineNumber).orElse(0);
	}

	/** {@code ref('m')}: the relation of model {@code m}. */
	public static String ref(String name) {
		State state = state();
		Renderer renderer = state.renderer();
		if (renderer.project.seeds().containsKey(name)) {
			state.sources.add("seed." + name);
			return renderer.dialect.relation(name);
		}
		if (!renderer.project.models().containsKey(name)) {
			return state.fail("ref('" + name + "'): no model or seed of that name");
		}
		if (name.equals(state.model.name())) {
			return state.fail("ref('" + name + "'): a model cannot read itself");
		}
		state.refs.add(name);
		return renderer.dialect.relation(name);
	}

	/** {@code source('raw','events')}: a declared source table. */
	public static String source(String source, String table) {
		State state = state();
		String key = source + "." + table;
		String name = SOURCES.get(key);
		if (name == null) {
			return state.fail("source('" + source + "','" + table + "'): unknown source (known: "
					+ SOURCES.keySet().stream().sorted().toList() + ")");
		}
		state.sources.add(key);
		return state.renderer().dialect.relation(name);
	}

	/** {@code config(materialized='table', ...)}: renders nothing. */
	public static String config(Object... args) {
		State state = state();
		state.configLine = line();
		for (Object arg : args) {
			if (!(arg instanceof NamedParameter named)) {
				return state.fail("config() takes named arguments only, e.g. config(materialized='table')");
			}
			if (!ModelConfig.KEYS.contains(named.getName())) {
				return state.fail("config(): unknown key '" + named.getName() + "' (known: "
						+ ModelConfig.KEYS.stream().sorted().toList() + ")");
			}
			state.config.put(named.getName(), named.getValue());
		}
		return "";
	}

	/** {@code var('x')} or {@code var('x', default)}. */
	public static Object variable(Object... args) {
		State state = state();
		if (args.length == 0 || args.length > 2) {
			return state.fail("var() takes a name and an optional default");
		}
		String name = String.valueOf(args[0]);
		Map<String, Object> vars = state.renderer().vars;
		if (vars.containsKey(name)) {
			return vars.get(name);
		}
		if (args.length == 2) {
			return args[1];
		}
		return state.fail("var('" + name + "') is not defined (set shoplake.transform.vars." + name + ")");
	}

	/** {@code is_incremental()}. */
	public static boolean isIncremental() {
		return state().incremental;
	}

	/** {@code event_dates()}: DATE literals of the dates being replaced. */
	public static String eventDates() {
		State state = state();
		if (state.dates.isEmpty()) {
			return "NULL";
		}
		return Dialect.dateList(state.dates);
	}

	/**
	 * {@code first_event_date()}: the earliest date being replaced, as a DATE literal.
	 */
	public static String firstEventDate() {
		State state = state();
		return state.dates.stream().min(LocalDate::compareTo).map((date) -> "DATE '" + date + "'").orElse("NULL");
	}

	/**
	 * {@code watermark()}: the publish time up to which lines are shown, as a TIMESTAMP
	 * literal, or an empty string (false in a test) when every loaded line is shown.
	 */
	public static String watermark() {
		return state().watermark;
	}

	/** SHA-256 of {@code text}, in hex. */
	public static String sha256(String text) {
		return Sha256.hex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private final class State {

		private final Model model;

		private final boolean incremental;

		private final Collection<LocalDate> dates;

		private final String watermark;

		private final Map<String, Object> config = new LinkedHashMap<>();

		private final Set<String> refs = new LinkedHashSet<>();

		private final Set<String> sources = new LinkedHashSet<>();

		private int configLine;

		private String error;

		private int errorLine;

		State(Model model, boolean incremental, Collection<LocalDate> dates, String watermark) {
			this.model = model;
			this.incremental = incremental;
			this.dates = dates;
			this.watermark = watermark;
		}

		Renderer renderer() {
			return Renderer.this;
		}

		/** Records the first error with its line; rendering goes on, then fails. */
		String fail(String message) {
			if (this.error == null) {
				this.error = message;
				this.errorLine = line();
			}
			return "NULL";
		}

	}

}
