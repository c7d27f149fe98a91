package io.shoplake.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shoplake.ingest.IngestApplication;
import io.shoplake.producer.ProducerApplication;
import io.shoplake.producer.traffic.Mode;
import io.shoplake.producer.traffic.TrafficService;
import io.shoplake.producer.traffic.TrafficStatus;
import io.shoplake.support.files.Folders;
import io.shoplake.transform.TransformApplication;
import io.shoplake.transform.state.RunHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the three services in one JVM with embedded defaults (profile {@code local}):
 * each keeps its own application context, configuration file and port, exactly as it runs
 * alone on Cloud Run; this class only composes them — it points the producer's local push
 * at ingest's port and transform's reconciliation at the producer's, puts all data under
 * one folder, asks the producer's traffic API for traffic (the resume and catch-up
 * policies are the producer's), prints progress, and on Ctrl-C stops the producer first
 * (its in-flight messages are acknowledged), then ingest (its buffers are written), then
 * transform.
 *
 * <p>
 * Launcher options: {@code --data-dir=DIR} (default {@code data}), {@code --reset}
 * (delete the data of an earlier start first),
 * {@code --traffic=accelerated|realtime|backfill|off} ({@code backfill}: the
 * {@code --backfill-days=N} days before today, default 7, as fast as possible) (default
 * {@code accelerated}: from three days ago, a simulated day per wall minute at most,
 * until it catches up with now, then realtime; a second start on the same folder resumes
 * where the first stopped). Every other argument goes to all three services, e.g.
 * {@code --server.port=0} or {@code --shoplake.producer.simulation.seed=7}. The services
 * listen on 127.0.0.1 only; {@code --server.address=0.0.0.0} exposes them, and the banner
 * warns.
 */
public final class LocalStack implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

	/**
	 * Base rate of the local simulation: enough to fill a dashboard, light on a laptop.
	 */
	static final double SESSIONS_PER_HOUR = 100;

	/**
	 * Simulated seconds per wall second in accelerated mode: a simulated day a minute.
	 */
	static final double TIME_SCALE = 1440;

	/** Days of history accelerated traffic starts with. */
	static final int HISTORY_DAYS = 3;

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ConfigurableApplicationContext ingest;

	private final ConfigurableApplicationContext producer;

	private final ConfigurableApplicationContext transform;

	private final Path dataDirectory;

	private ScheduledExecutorService progress;

	private LocalStack(ConfigurableApplicationContext ingest, ConfigurableApplicationContext producer,
			ConfigurableApplicationContext transform, Path dataDirectory) {
		this.ingest = ingest;
		this.producer = producer;
		this.transform = transform;
		this.dataDirectory = dataDirectory;
	}

	public static void main(String[] args) {
		Options options = Options.parse(args);
		LocalStack stack = start(options);
		Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
		log.info("{}", stack.banner());
		stack.startTraffic(options.traffic(), options.backfillDays());
		stack.printProgressEvery(Duration.ofSeconds(5));
	}

	/** Starts the three services with the launcher options and service arguments. */
	public static LocalStack start(String... args) {
		return start(Options.parse(args));
	}

	static LocalStack start(Options options) {
		Path data = options.dataDirectory();
		if (options.reset()) {
			for (String folder : List.of("producer", "lake", "quarantine", "warehouse")) {
				deleteRecursively(data.resolve(folder));
			}
		}
		List<String> common = new ArrayList<>(options.serviceArguments());
		// Fewer, larger lake objects than ingest's own 10 ms default: the transform reads
		// this lake every minute, and the producer keeps 256 messages in flight.
		ConfigurableApplicationContext ingest = run(IngestApplication.application(), common,
				Map.of("shoplake.ingest.lake-directory", data.resolve("lake"), "shoplake.ingest.quarantine-directory",
						data.resolve("quarantine"), "shoplake.ingest.min-interval", "100ms"));
		ConfigurableApplicationContext producer = null;
		ConfigurableApplicationContext transform = null;
		try {
			producer = run(ProducerApplication.application(), common,
					Map.of("shoplake.producer.ledger.file", data.resolve("producer/ledger.json"),
							"shoplake.producer.local-push.dead-letter-file",
							data.resolve("producer/dead-letter.ndjson"), "shoplake.producer.local-push.url",
							"http://localhost:" + port(ingest) + "/pubsub/push"));
			transform = run(TransformApplication.application(), common,
					Map.of("shoplake.transform.lake-directory", data.resolve("lake"),
							"shoplake.transform.quarantine-directory", data.resolve("quarantine"),
							"shoplake.transform.duckdb-file", data.resolve("warehouse/shoplake.duckdb"),
							"shoplake.transform.producer-url", "http://localhost:" + port(producer),
							// Each run shows what the producer had settled when it began,
							// so
							// reconciliation holds while traffic flows.
							"shoplake.transform.watermark", "producer", "shoplake.transform.schedule", "0 * * * * *"));
		}
		catch (RuntimeException ex) {
			for (ConfigurableApplicationContext started : new ConfigurableApplicationContext[] { producer, ingest }) {
				if (started != null) {
					started.close();
				}
			}
			throw ex;
		}
		return new LocalStack(ingest, producer, transform, data);
	}

	/**
	 * Runs {@code application} with {@code arguments}, adding {@code defaults} the
	 * arguments do not set (a repeated command-line option would become a list). Log
	 * lines leave out the application name: the three services share one logging system,
	 * which the first of them configured, so every line would name ingest-service; the
	 * logger's package names the service instead.
	 */
	private static ConfigurableApplicationContext run(SpringApplication application, List<String> arguments,
			Map<String, Object> serviceDefaults) {
		List<String> all = new ArrayList<>(arguments);
		Map<String, Object> defaults = new LinkedHashMap<>(serviceDefaults);
		defaults.put("logging.include-application-name", false);
		defaults.forEach((key, value) -> {
			if (arguments.stream().noneMatch((argument) -> argument.startsWith("--" + key + "="))) {
				all.add("--" + key + "=" + value);
			}
		});
		application.setRegisterShutdownHook(false);
		return application.run(all.toArray(String[]::new));
	}

	/** The three contexts: ingest, producer, transform. */
	public List<ConfigurableApplicationContext> contexts() {
		return List.of(this.ingest, this.producer, this.transform);
	}

	public ConfigurableApplicationContext ingest() {
		return this.ingest;
	}

	public ConfigurableApplicationContext producer() {
		return this.producer;
	}

	public ConfigurableApplicationContext transform() {
		return this.transform;
	}

	/** Base URL of a service, e.g. {@code http://localhost:8083}. */
	public static String url(ConfigurableApplicationContext context) {
		return "http://localhost:" + port(context);
	}

	private static String port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getProperty("local.server.port");
	}

	/**
	 * Asks the producer's own traffic API for traffic in {@code mode} ({@code null}:
	 * none), as any client would: {@code POST /traffic/start} (which resumes after the
	 * simulated time an earlier start reached) or, for {@code backfill},
	 * {@code POST /traffic/catch-up} (the last {@code backfillDays} days that come after
	 * it). Returns the producer's answer.
	 * @throws IllegalStateException with the producer's problem detail if it refused
	 */
	JsonNode startTraffic(Mode mode, int backfillDays) {
		if (mode == null) {
			return null;
		}
		Map<String, Object> body = new LinkedHashMap<>();
		String path;
		if (mode == Mode.BACKFILL) {
			path = "/traffic/catch-up";
			body.put("days", backfillDays);
			body.put("orders_per_day", Math.round(SESSIONS_PER_HOUR * 24 * TrafficService.ORDERS_PER_SESSION));
		}
		else {
			path = "/traffic/start";
			boolean accelerated = mode == Mode.ACCELERATED;
			body.put("mode", mode.name().toLowerCase(Locale.ROOT));
			body.put("sessions_per_hour", SESSIONS_PER_HOUR);
			if (accelerated) {
				body.put("time_scale", TIME_SCALE);
				body.put("history_days", HISTORY_DAYS);
			}
		}
		JsonNode answer = post(url(this.producer) + path, body);
		if (mode == Mode.BACKFILL) {
			log.info("traffic: {}", answer.path("detail").asString());
		}
		else {
			log.info("traffic: {} at {} sessions per simulated hour, simulated time from {}{}",
					mode.name().toLowerCase(Locale.ROOT), SESSIONS_PER_HOUR, answer.path("simulated_from").asString(),
					(mode == Mode.ACCELERATED) ? " at a simulated day per wall minute until it catches up with now"
							: "");
		}
		return answer;
	}

	private static JsonNode post(String url, Object body) {
		try {
			HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(30))
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
				.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode answer = JSON.readTree(response.body());
			if (response.statusCode() >= 300) {
				throw new IllegalStateException(
						"POST " + url + " answered " + response.statusCode() + ": " + answer.path("detail").asString());
			}
			return answer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("POST " + url + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	String banner() {
		StringBuilder banner = new StringBuilder("ShopLake is running locally (data in ")
			.append(this.dataDirectory.toAbsolutePath().normalize())
			.append("):")
			.append(String.format("%n  dashboard          %s/", url(this.transform)))
			.append(String.format("%n  reconciliation     %s/reconciliation", url(this.transform)));
		for (ConfigurableApplicationContext context : contexts()) {
			banner.append(String.format("%n  %-18s %s/swagger-ui/index.html  health: %s/actuator/health",
					context.getEnvironment().getProperty("spring.application.name"), url(context), url(context)));
		}
		for (ConfigurableApplicationContext context : contexts()) {
			String address = context.getEnvironment().getProperty("server.address");
			if (address == null || !isLoopback(address)) {
				banner.append(String.format("%nWARNING: %s listens on %s, not only on this machine: anyone who can "
						+ "reach it can start traffic, replay the quarantine and trigger runs (no authentication "
						+ "locally)", context.getEnvironment().getProperty("spring.application.name"),
						(address != null) ? address : "every interface"));
			}
		}
		return banner.append(String.format("%nCtrl-C stops everything; buffers are written first.")).toString();
	}

	private static boolean isLoopback(String address) {
		try {
			return java.net.InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (java.net.UnknownHostException ex) {
			return false;
		}
	}

	private void printProgressEvery(Duration interval) {
		this.progress = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread thread = new Thread(r, "local-stack-progress");
			thread.setDaemon(true);
			return thread;
		});
		Progress state = new Progress();
		this.progress.scheduleAtFixedRate(() -> {
			try {
				log.info("{}", progress(state, interval));
			}
			catch (RuntimeException ex) {
				log.debug("progress unavailable: {}", ex.toString());
			}
		}, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** One line: acknowledged events per second, lake objects, quarantine, last run. */
	String progress(Progress state, Duration interval) {
		MeterRegistry producerMeters = this.producer.getBean(MeterRegistry.class);
		MeterRegistry ingestMeters = this.ingest.getBean(MeterRegistry.class);
		long acked = sum(producerMeters.find("shoplake.producer.messages").tag("outcome", "acked").counters());
		long stored = sum(ingestMeters.find("shoplake.ingest.stored").counters());
		long quarantined = sum(ingestMeters.find("shoplake.ingest.quarantined").counters());
		long objects = ingestMeters.find("shoplake.ingest.flush.latency")
			.tag("store", "events")
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
		double perSecond = (acked - state.acked) / (double) interval.toSeconds();
		state.acked = acked;
		TrafficStatus traffic = this.producer.getBean(TrafficService.class).status();
		List<Map<String, Object>> runs = this.transform.getBean(RunHistory.class).recent(1);
		String lastRun = runs.isEmpty() ? "none yet" : runs.get(0).get("status") + " (" + runs.get(0).get("trigger")
				+ ", started " + runs.get(0).get("started_at").toString().replace('T', ' ') + " UTC)";
		Instant simulated = traffic.simulatedNow();
		return String.format(
				"%,.0f events/s acked · %,d acked · lake: %,d events in %,d objects · quarantined %,d · simulated %s · last transform run: %s",
				perSecond, acked, stored, objects, quarantined,
				(simulated != null) ? simulated.truncatedTo(ChronoUnit.MINUTES) : "-", lastRun);
	}

	private static long sum(java.util.Collection<Counter> counters) {
		return (long) counters.stream().mapToDouble(Counter::count).sum();
	}

	/** Stops producer, then ingest, then transform. */
	@Override
	public void close() {
		if (this.progress != null) {
			this.progress.shutdownNow();
		}
		for (ConfigurableApplicationContext context : List.of(this.producer, this.ingest, this.transform)) {
			try {
				context.close();
			}
			catch (RuntimeException ex) {
				log.warn("stopping {} failed: {}", context.getEnvironment().getProperty("spring.application.name"),
						ex.toString());
			}
		}
	}

	private static void deleteRecursively(Path folder) {
		try {
			Folders.delete(folder);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not reset " + folder, ex);
		}
	}

	/** What the progress line remembers between two prints. */
	static final class Progress {

		long acked;

	}

	/**
	 * The launcher's own options; the rest are service arguments.
	 *
	 * @param dataDirectory where producer, lake, quarantine and warehouse live
	 * @param reset whether to delete their data first
	 * @param traffic traffic to start, or {@code null} for none
	 * @param backfillDays days before today a backfill covers
	 * @param serviceArguments arguments for all three services
	 */
	record Options(Path dataDirectory, boolean reset, Mode traffic, int backfillDays, List<String> serviceArguments) {

		static Options parse(String... args) {
			Path data = Path.of("data");
			boolean reset = false;
			Mode traffic = Mode.ACCELERATED;
			int backfillDays = 7;
			List<String> rest = new ArrayList<>();
			for (String arg : args) {
				if (arg.equals("--reset")) {
					reset = true;
				}
				else if (arg.startsWith("--backfill-days=")) {
					backfillDays = Integer.parseInt(arg.substring("--backfill-days=".length()));
					if (backfillDays < 1) {
						throw new IllegalArgumentException("--backfill-days must be at least 1");
					}
				}
				else if (arg.startsWith("--data-dir=")) {
					data = Path.of(arg.substring("--data-dir=".length()));
				}
				else if (arg.startsWith("--traffic=")) {
					String value = arg.substring("--traffic=".length());
					traffic = switch (value) {
						case "accelerated" -> Mode.ACCELERATED;
						case "realtime" -> Mode.REALTIME;
						case "backfill" -> Mode.BACKFILL;
						case "off" -> null;
						default -> throw new IllegalArgumentException(
								"--traffic must be accelerated, realtime, backfill or off, not " + value);
					};
				}
				else {
					rest.add(arg);
				}
			}
			return new Options(data, reset, traffic, backfillDays, List.copyOf(rest));
		}

	}

}
