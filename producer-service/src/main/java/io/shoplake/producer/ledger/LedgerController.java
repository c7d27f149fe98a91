package io.shoplake.producer.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;

import io.shoplake.events.ledger.LedgerDay;
import io.shoplake.support.web.DateRanges;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the ledger, the oracle that reconciliation compares the marts with: everything
 * acknowledged ({@code GET /ledger}), and checkpoints at the settled watermark, which
 * transform takes before each load so that it can be reconciled while traffic flows.
 */
@RestController
@Tag(name = "ledger", description = "What the bus acknowledged, per UTC event date")
class LedgerController {

	private final Ledger ledger;

	private final Clock clock;

	LedgerController(Ledger ledger, Clock clock) {
		this.ledger = ledger;
		this.clock = clock;
	}

	@GetMapping("/ledger")
	@Operation(summary = "Per-day totals between from and to (inclusive, UTC event dates; each from 2000-01-01 to "
			+ "tomorrow, default: every day) of everything acknowledged")
	NavigableMap<LocalDate, LedgerDay> ledger(
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		check(from, to);
		return this.ledger.between(orFirst(from), orLast(to));
	}

	@PostMapping("/ledger/checkpoints")
	@Operation(summary = "Keep the counts of every message published up to the settled watermark (each one "
			+ "acknowledged or given up on) and answer that watermark; the epoch before anything was settled")
	Map<String, Object> checkpoint() {
		Ledger.Checkpoint checkpoint = this.ledger.checkpoint();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("as_of", checkpoint.asOf());
		answer.put("unsettled_below", checkpoint.unsettledBelow());
		return answer;
	}

	@GetMapping("/ledger/checkpoints")
	@Operation(summary = "The per-day totals (from..to, inclusive) of the checkpoint taken at as_of; 404 when the "
			+ "producer no longer keeps it (it keeps the last few, and none across a restart)")
	ResponseEntity<Object> checkpoint(@RequestParam("as_of") Instant asOf,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		check(from, to);
		return this.ledger.checkpoint(asOf, orFirst(from), orLast(to))
			.<ResponseEntity<Object>>map(ResponseEntity::ok)
			.orElseGet(() -> {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
						"no checkpoint at " + asOf + " is kept (the producer keeps the last " + Ledger.CHECKPOINTS
								+ ", none across a restart)");
				problem.setTitle("Checkpoint not kept");
				return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
			});
	}

	/** Not given: the first day of the window, which every ledger day follows. */
	private static LocalDate orFirst(LocalDate from) {
		return (from != null) ? from : DateRanges.EARLIEST;
	}

	/** Not given: the last day any ledger can hold. */
	private static LocalDate orLast(LocalDate to) {
		return (to != null) ? to : LocalDate.MAX;
	}

	private void check(LocalDate from, LocalDate to) {
		DateRanges.check(from, to, LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC), DateRanges.ANY_LENGTH);
	}

}
