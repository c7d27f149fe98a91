package io.shoplake.producer.ledger;

import java.time.LocalDate;
import java.util.Map;

import io.shoplake.events.EventCodec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Serves the ledger, the oracle that reconciliation compares the marts with. */
@RestController
@Tag(name = "ledger", description = "What the bus acknowledged, per UTC event date")
class LedgerController {

	private final Ledger ledger;

	private final EventCodec codec;

	LedgerController(Ledger ledger, EventCodec codec) {
		this.ledger = ledger;
		this.codec = codec;
	}

	@GetMapping("/ledger")
	@Operation(summary = "Per-day totals between from and to (inclusive, UTC event dates)")
	Map<LocalDate, DayTotals> ledger(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		if (to.isBefore(from)) {
			throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
		}
		return this.ledger.between(from, to, this.codec.mapper());
	}

}
