package io.shoplake.ingest.replay;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;

import io.shoplake.events.validation.Stage;
import io.shoplake.support.web.DateRanges;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /quarantine/replay}: re-validate quarantined messages of a range of publish
 * days and move those that now pass to the lake, exactly once.
 */
@RestController
@Tag(name = "quarantine", description = "Replay quarantined messages after a fix")
class ReplayController {

	private static final int MAX_DAYS = 366;

	private final QuarantineReplayer replayer;

	private final Clock clock;

	ReplayController(QuarantineReplayer replayer, Clock clock) {
		this.replayer = replayer;
		this.clock = clock;
	}

	@PostMapping("/quarantine/replay")
	@Operation(summary = "Re-validate quarantined messages published from..to (UTC days, inclusive); "
			+ "those that now pass go to the lake once, the rest stay")
	ReplayResult replay(@Valid @RequestBody ReplayRequest request) throws IOException {
		DateRanges.check(request.from(), request.to(), LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC),
				MAX_DAYS);
		if (request.stage() != null
				&& Arrays.stream(Stage.values()).noneMatch((stage) -> stage.wireName().equals(request.stage()))) {
			throw new IllegalArgumentException("unknown stage '" + request.stage() + "'; one of "
					+ Arrays.stream(Stage.values()).map(Stage::wireName).toList());
		}
		return this.replayer.replay(request.from(), request.to(), request.stage());
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid replay request");
		return problem;
	}

	@ExceptionHandler(QuarantineReplayer.ReplayInProgressException.class)
	ProblemDetail conflict(QuarantineReplayer.ReplayInProgressException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Replay in progress");
		return problem;
	}

	/**
	 * A replay request.
	 *
	 * @param from first publish day (UTC)
	 * @param to last publish day (UTC), inclusive
	 * @param stage only records quarantined at this stage, if given
	 */
	record ReplayRequest(@NotNull LocalDate from, @NotNull LocalDate to, String stage) {
	}

}
