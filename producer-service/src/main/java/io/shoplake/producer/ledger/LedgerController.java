package io.shoplake.producer.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;

import io.shoplake.events.ledger.LedgerDay;
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

	LedgerController(Ledger ledger) {
		this.ledger = ledger;
	}

	@GetMapping("/ledger")
	@Operation(summary = "Per-day totals between from and to (inclusive, UTC event dates) of everything acknowledged")
	NavigableMap<LocalDate, LedgerDay> ledger(
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		check(from, to);
		return this.ledger.between(from, to);
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
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		check(from, to);
		return this.ledger.checkpoint(asOf, from, to).<ResponseEntity<Object>>map(ResponseEntity::ok).orElseGet(() -> {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no checkpoint at " + asOf
					+ " is kept (the producer keeps the last " + Ledger.CHECKPOINTS + ", none across a restart)");
			problem.setTitle("Checkpoint not kept");
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
		});
	}

	private static void check(LocalDate from, LocalDate to) {
		if (to.isBefore(from)) {
			throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
		}
	}

}
