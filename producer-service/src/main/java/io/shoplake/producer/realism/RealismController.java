package io.shoplake.producer.realism;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.shoplake.support.web.DateRanges;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The realism card of what this producer has generated ({@code docs/realism.md} explains
 * the metrics and tells). Errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping("/realism")
@Tag(name = "realism", description = "How real the generated shop reads: published bands and generator tells")
class RealismController {

	/** Longest range a card covers. */
	static final int MAX_DAYS = 400;

	private final RealismRecorder recorder;

	private final Clock clock;

	RealismController(RealismRecorder recorder, Clock clock) {
		this.clock = clock;
		this.recorder = recorder;
	}

	@GetMapping(produces = { MediaType.APPLICATION_JSON_VALUE, "text/markdown" })
	@Operation(summary = "The realism card of the event dates from..to (both included; all generated days "
			+ "by default); 404 when nothing was generated in them; JSON, or the Markdown table with "
			+ "Accept: text/markdown")
	ResponseEntity<?> card(
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@org.springframework.web.bind.annotation.RequestHeader(name = "Accept",
					defaultValue = MediaType.APPLICATION_JSON_VALUE) String accept) {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		DateRanges.check(from, to, today, MAX_DAYS);
		LocalDate[] generated = this.recorder.range().orElseThrow(() -> new NothingGenerated("nothing generated yet"));
		LocalDate start = (from != null) ? from : generated[0];
		LocalDate end = (to != null) ? to : generated[1];
		DateRanges.check(start, end, today, MAX_DAYS);
		Scorecard card = this.recorder.card(start, end)
			.orElseThrow(() -> new NothingGenerated("nothing generated between " + start + " and " + end
					+ "; generated days are " + generated[0] + " to " + generated[1]));
		if (accept.contains("text/markdown") && !accept.contains(MediaType.APPLICATION_JSON_VALUE)) {
			return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/markdown")).body(card.markdown());
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(card);
	}

	@ExceptionHandler(NothingGenerated.class)
	ProblemDetail nothing(NothingGenerated ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("No generated events");
		return problem;
	}

	/** The range holds no generated event. */
	static final class NothingGenerated extends RuntimeException {

		NothingGenerated(String message) {
			super(message);
		}

	}

}
