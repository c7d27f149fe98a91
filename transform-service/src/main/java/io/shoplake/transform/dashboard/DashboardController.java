package io.shoplake.transform.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shoplake.support.web.DateRanges;
import io.shoplake.transform.api.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The data behind each panel of the dashboard ({@code /}), read from the marts only.
 * Every endpoint takes an inclusive UTC date range {@code from}..{@code to}. Before the
 * first run has built a mart, its panel is empty rather than an error.
 */
@RestController
@RequestMapping("/api/dashboard")
@Tag(name = "dashboard", description = "The figures behind each dashboard panel, from the marts")
class DashboardController {

	/** The default range: this many days that have sessions. */
	static final int DEFAULT_DAYS = 7;

	private final DashboardRepository repository;

	private final Verdicts verdicts;

	private final Clock clock;

	DashboardController(DashboardRepository repository, Verdicts verdicts, Clock clock) {
		this.clock = clock;
		this.repository = repository;
		this.verdicts = verdicts;
	}

	@GetMapping("/range")
	@Operation(summary = "The default range (the last 7 days with sessions, or all when fewer) and the first and "
			+ "last day with sessions")
	Map<String, Object> range() {
		return this.repository.range(DEFAULT_DAYS);
	}

	@GetMapping("/reconciliation")
	@Operation(summary = "The reconciliation verdict of the marts as the last successful run built them: matched, "
			+ "or how many figures differ, at which watermark; a state instead when it cannot be had")
	Map<String, Object> reconciliation() {
		return this.verdicts.reconciliation();
	}

	@GetMapping("/realism")
	@Operation(summary = "Whether the generated shop reads like a real one in the range: the producer's realism card "
			+ "(published bands and generator tells) as counts, or a state when it cannot be had")
	Map<String, Object> realism(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		check(from, to);
		return this.verdicts.realism(from, to);
	}

	@GetMapping("/categories")
	@Operation(summary = "Leaf categories by net revenue in the range, with their path and top category")
	List<Map<String, Object>> categories(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "12") @Min(1) @Max(100) int limit) {
		check(from, to);
		return this.repository.categories(from, to, limit);
	}

	@GetMapping("/kpis")
	@Operation(summary = "By event date: revenue, orders, average order value, conversion, refunds, late events; by "
			+ "publish date: the quarantine rate")
	Map<String, Object> kpis(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		check(from, to);
		return this.repository.kpis(from, to);
	}

	@GetMapping("/daily-sales")
	@Operation(summary = "Per day: orders, units, gross, discounts, refunds, net and total revenue (cents)")
	List<Map<String, Object>> dailySales(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		check(from, to);
		return this.repository.dailySales(from, to);
	}

	@GetMapping("/top-products")
	@Operation(summary = "Products by net revenue in the range, with name, category and brand")
	List<Map<String, Object>> topProducts(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit) {
		check(from, to);
		return this.repository.topProducts(from, to, limit);
	}

	@GetMapping("/funnel")
	@Operation(summary = "Sessions reaching each step: session, product view, cart, checkout, order")
	List<Map<String, Object>> funnel(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		check(from, to);
		return this.repository.funnel(from, to);
	}

	@GetMapping("/attribution")
	@Operation(summary = "Per campaign (last click): clicks, cost, orders, revenue and ROAS")
	List<Map<String, Object>> attribution(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		check(from, to);
		return this.repository.attribution(from, to);
	}

	@GetMapping("/data-quality")
	@Operation(summary = "Per publish day and stage: quarantined messages; per event day: valid and late events; "
			+ "per publish day: what arrived")
	Map<String, Object> dataQuality(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		check(from, to);
		return this.repository.dataQuality(from, to);
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException ex) {
		return Problems.of(HttpStatus.BAD_REQUEST, "Invalid date range", ex);
	}

	private void check(LocalDate from, LocalDate to) {
		DateRanges.check(from, to, LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC), DateRanges.ANY_LENGTH);
	}

}
