package io.shoplake.transform.reconcile;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.shoplake.support.web.DateRanges;
import io.shoplake.transform.api.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /reconciliation}: the marts against the producer's ledger. */
@RestController
@Tag(name = "reconciliation", description = "The marts compared with the producer's ledger, figure by figure")
class ReconciliationController {

	private final Reconciler reconciler;

	private final Clock clock;

	ReconciliationController(Reconciler reconciler, Clock clock) {
		this.clock = clock;
		this.reconciler = reconciler;
	}

	@GetMapping("/reconciliation")
	@Operation(summary = "Per event date (inclusive; default: the ledger's whole range) every sales, session, "
			+ "product and campaign figure, and the quarantine per stage, compared with the ledger at the watermark "
			+ "the marts were built at")
	Reconciliation reconcile(
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		DateRanges.check(from, to, LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC), DateRanges.ANY_LENGTH);
		return this.reconciler.reconcile(from, to);
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException ex) {
		return Problems.of(HttpStatus.BAD_REQUEST, "Invalid reconciliation range", ex);
	}

	@ExceptionHandler(MartsNotBuiltException.class)
	ProblemDetail notBuilt(MartsNotBuiltException ex) {
		return Problems.of(HttpStatus.CONFLICT, "Marts not built yet", ex);
	}

	@ExceptionHandler(LedgerClient.LedgerUnavailableException.class)
	ProblemDetail ledgerUnavailable(LedgerClient.LedgerUnavailableException ex) {
		return Problems.of(HttpStatus.BAD_GATEWAY, "Producer ledger unavailable", ex);
	}

}
