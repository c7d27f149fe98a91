package io.shoplake.transform.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;

import io.shoplake.transform.engine.RunRequest;
import io.shoplake.transform.engine.TransformRunner;
import io.shoplake.transform.testing.HeadlessChromium;
import io.shoplake.producer.realism.Scorecard;
import io.shoplake.transform.testing.SimulatedShop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.UseMainMethod;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs) over marts built from a seeded
 * simulated shop; the figures it shows are checked against the producer's ledger.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, useMainMethod = UseMainMethod.ALWAYS)
class DashboardTests {

	private static final List<String> PANELS = List.of("panel-revenue", "panel-products", "panel-categories",
			"panel-funnel", "panel-attribution", "panel-quality", "panel-runs", "panel-lineage");

	@TempDir
	static Path data;

	private static SimulatedShop shop;

	private static ChromeDriver browser;

	private static boolean built;

	private static com.sun.net.httpserver.HttpServer producer;

	@LocalServerPort
	int port;

	@Autowired
	TransformRunner runner;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeAll
	static void simulateAndOpenABrowser() {
		shop = SimulatedShop.simulate(data, 5L, Instant.parse("2026-11-18T00:00:00Z"), 3, 40);
		browser = HeadlessChromium.open();
	}

	@AfterAll
	static void closeTheBrowser() {
		if (browser != null) {
			browser.quit();
		}
		if (producer != null) {
			producer.stop(0);
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("shoplake.transform.duckdb-file", () -> data.resolve("w.duckdb").toString());
		registry.add("shoplake.transform.lake-directory", () -> shop.lake().toString());
		registry.add("shoplake.transform.quarantine-directory", () -> shop.quarantine().toString());
		registry.add("shoplake.transform.schedule", () -> "-");
		registry.add("shoplake.transform.watermark", () -> "producer");
		registry.add("shoplake.transform.producer-url", () -> {
			if (producer == null) {
				producer = shop.serveLedger();
			}
			return SimulatedShop.url(producer).toString();
		});
	}

	@BeforeEach
	void buildTheMartsOnce() {
		if (!built) {
			assertThat(this.runner.run(RunRequest.all(), "test").status()).isEqualTo("success");
			built = true;
		}
	}

	@Test
	void theDefaultViewShowsEveryDayOfHistoryWithTilesEqualToTheLedger() {
		open("/");
		for (String panel : PANELS) {
			assertThat(Integer.parseInt(browser.findElement(By.id(panel)).getDomAttribute("data-rows"))).as(panel)
				.isPositive();
		}
		assertThat(browser.findElements(By.cssSelector("#panel-revenue canvas, #panel-lineage canvas"))).hasSize(2);
		assertThat(browser.findElements(By.cssSelector("#panel-attribution tbody tr"))).isNotEmpty();
		assertThat(browser.findElement(By.id("status")).getText()).startsWith("updated");

		LocalDate from = LocalDate.parse(browser.findElement(By.id("from")).getDomProperty("value"));
		LocalDate to = LocalDate.parse(browser.findElement(By.id("to")).getDomProperty("value"));
		assertThat(from).as("the last 7 days with sessions: all of the 3 simulated")
			.isEqualTo(LocalDate.parse("2026-11-18"));
		assertThat(to).isEqualTo(lastSessionDay());
		assertThat(Integer.parseInt(browser.findElement(By.id("panel-revenue")).getDomAttribute("data-rows")))
			.as("revenue bars")
			.isGreaterThanOrEqualTo(3);
		assertTilesEqualTheLedger(from, to);
		assertThat(browser.findElement(By.id("kpi-reconciliation")).getDomAttribute("data-state")).isEqualTo("matched");
		assertThat(tile("kpi-reconciliation")).isEqualTo("matched");
		// The producer's card of the range, as counts; the stand-in serves what was
		// generated.
		Scorecard card = shop.realism().card(from, to).orElseThrow();
		long measured = card.metrics().stream().filter((metric) -> !metric.verdict().equals("n/a")).count();
		assertThat(tile("kpi-realism")).isEqualTo(card.inBand() + " of " + measured + " in band");
		assertThat(browser.findElement(By.id("kpi-realism")).getDomAttribute("data-state"))
			.isEqualTo((card.sessions() < 20_000) ? "few_sessions"
					: (card.inBand() == measured && card.tellsPassed() == card.tellsMeasured()) ? "in_band"
							: "out_of_band");

		List<LogEntry> errors = browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.WARNING.intValue())
			.toList();
		assertThat(errors).isEmpty();
	}

	@Test
	void oneDayAndARangeWithQuarantinedMessagesShowTheLedgersFigures() {
		open("/");
		LocalDate day = shop.ledger()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().orders() > 0)
			.skip(1)
			.findFirst()
			.orElseThrow()
			.getKey();
		String before = tile("kpi-orders");
		setRange(day, day);
		assertThat(tile("kpi-orders")).isEqualTo(grouped(shop.ledger().get(day).orders())).isNotEqualTo(before);
		assertTilesEqualTheLedger(day, day);
		assertThat(browser.getCurrentUrl()).as("the range is in the URL").endsWith("?from=" + day + "&to=" + day);

		LocalDate quarantineDay = shop.ledger()
			.entrySet()
			.stream()
			.filter((entry) -> !entry.getValue().poison().isEmpty())
			.reduce((first, second) -> second)
			.orElseThrow()
			.getKey();
		setRange(quarantineDay.minusDays(1), quarantineDay);
		assertTilesEqualTheLedger(quarantineDay.minusDays(1), quarantineDay);
		assertThat(Long.parseLong(browser.findElement(By.id("kpi-quarantine")).getDomAttribute("data-quarantined")))
			.isPositive();
		assertThat(Integer.parseInt(browser.findElement(By.id("panel-quality")).getDomAttribute("data-rows")))
			.as("the quarantine chart has bars")
			.isPositive();
	}

	@Test
	void aSharedUrlOpensItsRangeAndQuickRangesMoveIt() {
		LocalDate first = LocalDate.parse("2026-11-19");
		open("/?from=" + first + "&to=" + first);
		assertThat(browser.findElement(By.tagName("body")).getDomAttribute("data-range"))
			.isEqualTo(first + ".." + first);
		assertTilesEqualTheLedger(first, first);
		browser.findElement(By.cssSelector("[data-quick='all']")).click();
		LocalDate last = lastSessionDay();
		new WebDriverWait(browser, Duration.ofSeconds(20)).until((driver) -> ("2026-11-18.." + last)
			.equals(driver.findElement(By.tagName("body")).getDomAttribute("data-range")));
		assertTilesEqualTheLedger(LocalDate.parse("2026-11-18"), last);
	}

	/**
	 * Every tile's figure, against the ledger: sales and late events by event day, the
	 * quarantine by publish day (a poison pill is published when the event it was made
	 * from occurred, so its publish day is that event's day in the ledger).
	 */
	private static void assertTilesEqualTheLedger(LocalDate from, LocalDate to) {
		assertThat(tile("kpi-orders")).isEqualTo(grouped(shop.sum(from, to, (day) -> day.orders())));
		assertThat(tile("kpi-revenue")).isEqualTo(money(shop.sum(from, to, (day) -> day.netCents())));
		assertThat(tile("kpi-refunds")).isEqualTo(grouped(shop.sum(from, to, (day) -> day.refunds())));
		long late = shop.sum(from, to, (day) -> day.late());
		assertThat(Long.parseLong(browser.findElement(By.id("kpi-late")).getDomAttribute("data-late"))).isEqualTo(late);
		long poison = shop.sum(from, to,
				(day) -> day.poisonByStage().values().stream().mapToLong(Long::longValue).sum());
		assertThat(Long.parseLong(browser.findElement(By.id("kpi-quarantine")).getDomAttribute("data-quarantined")))
			.isEqualTo(poison);
	}

	/** The last day sessions started on (the ledger goes on a little past midnight). */
	private static LocalDate lastSessionDay() {
		return shop.ledger()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().sessions() > 0)
			.reduce((first, second) -> second)
			.orElseThrow()
			.getKey();
	}

	private static void setRange(LocalDate from, LocalDate to) {
		((JavascriptExecutor) browser).executeScript("""
				document.getElementById('from').value = arguments[0];
				const input = document.getElementById('to');
				input.value = arguments[1];
				input.dispatchEvent(new Event('change'));""", from.toString(), to.toString());
		new WebDriverWait(browser, Duration.ofSeconds(20)).until((driver) -> (from + ".." + to)
			.equals(driver.findElement(By.tagName("body")).getDomAttribute("data-range")));
	}

	@Test
	void thePanelsJsonIsPartOfTheApi() throws Exception {
		LocalDate from = shop.ledger().firstKey();
		LocalDate to = shop.ledger().lastKey();
		JsonNode kpis = get("/api/dashboard/kpis?from=" + from + "&to=" + to, 200);
		assertThat(kpis.get("orders").longValue()).isEqualTo(shop.sum(from, to, (day) -> day.orders()));
		assertThat(kpis.get("net_revenue_cents").longValue()).isEqualTo(shop.sum(from, to, (day) -> day.netCents()));
		assertThat(kpis.get("refunds").longValue()).isEqualTo(shop.sum(from, to, (day) -> day.refunds()));
		assertThat(kpis.get("sessions").longValue()).isEqualTo(shop.sum(from, to, (day) -> day.sessions()));
		assertThat(kpis.get("quarantined").longValue()).isEqualTo(shop.ledger()
			.values()
			.stream()
			.mapToLong((day) -> day.poisonByStage().values().stream().mapToLong(Long::longValue).sum())
			.sum());
		assertThat(kpis.get("late_events").longValue()).isEqualTo(shop.sum(from, to, (day) -> day.late())).isPositive();
		assertThat(kpis.get("late_rate").doubleValue()).as("the simulation's late rate is 3 %").isBetween(0.02, 0.04);
		JsonNode range = get("/api/dashboard/range", 200);
		assertThat(range.get("from").stringValue()).isEqualTo("2026-11-18");
		assertThat(range.get("last").stringValue()).isEqualTo(lastSessionDay().toString());
		JsonNode verdict = get("/api/dashboard/reconciliation", 200);
		assertThat(verdict.get("state").stringValue()).as(verdict.toString()).isEqualTo("matched");
		assertThat(verdict.get("figures_compared").longValue()).isGreaterThan(300);
		assertThat(verdict.get("watermark").stringValue()).isNotBlank();
		JsonNode funnel = get("/api/dashboard/funnel?from=" + from + "&to=" + to, 200);
		assertThat(funnel.get(0).get("sessions").longValue()).isEqualTo(kpis.get("sessions").longValue());
		assertThat(funnel.get(4).get("step").stringValue()).isEqualTo("orders");
		JsonNode top = get("/api/dashboard/top-products?from=" + from + "&to=" + to + "&limit=3", 200);
		assertThat(top.size()).isEqualTo(3);
		assertThat(top.get(0).get("revenue_cents").longValue())
			.isGreaterThanOrEqualTo(top.get(1).get("revenue_cents").longValue());
		JsonNode reversed = get("/api/dashboard/kpis?from=" + to + "&to=" + from, 400);
		assertThat(reversed.get("title").stringValue()).isEqualTo("Invalid date range");
		assertThat(get("/v3/api-docs", 200).get("paths").has("/api/dashboard/attribution")).isTrue();
		JsonNode categories = get("/api/dashboard/categories?from=" + from + "&to=" + to, 200);
		assertThat(categories.size()).isBetween(1, 12);
		long categoryRevenue = 0;
		for (JsonNode category : categories) {
			assertThat(category.get("category_path").stringValue()).matches("[^>]+ > [^>]+ > [^>]+")
				.startsWith(category.get("top_category").stringValue() + " > ");
			categoryRevenue += category.get("revenue_cents").longValue();
		}
		assertThat(categoryRevenue).isPositive()
			.isLessThanOrEqualTo(shop.ledger()
				.subMap(from, true, to, true)
				.values()
				.stream()
				.flatMap((day) -> day.products().values().stream())
				.mapToLong((product) -> product.revenueCents())
				.sum());
		JsonNode realism = get("/api/dashboard/realism?from=" + from + "&to=" + to, 200);
		assertThat(realism.get("sessions").longValue())
			.isEqualTo(shop.realism().card(from, to).orElseThrow().sessions());
		assertThat(get("/api/dashboard/realism?from=2020-01-01&to=2020-01-02", 200).get("state").stringValue())
			.isEqualTo("none");
	}

	private void open(String path) {
		browser.get("http://localhost:" + this.port + path);
		new WebDriverWait(browser, Duration.ofSeconds(30))
			.until((driver) -> driver.findElement(By.tagName("body")).getDomAttribute("data-range") != null);
	}

	private static String tile(String id) {
		WebElement tile = browser.findElement(By.id(id));
		return tile.findElement(By.className("value")).getText();
	}

	private static String grouped(long value) {
		return String.format(Locale.ENGLISH, "%,d", value);
	}

	private static String money(long cents) {
		return String.format(Locale.ENGLISH, "%,.2f", cents / 100.0);
	}

	private JsonNode get(String path, int status) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(status);
		return this.json.readTree(response.body());
	}

}
