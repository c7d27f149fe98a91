package io.shoplake.producer.traffic;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** REST control of the simulated traffic. Errors are RFC 9457 problem details. */
@RestController
@RequestMapping("/traffic")
@Tag(name = "traffic", description = "Start, stop, reshape and backfill simulated traffic")
class TrafficController {

	private final TrafficService traffic;

	TrafficController(TrafficService traffic) {
		this.traffic = traffic;
	}

	@PostMapping("/start")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Start realtime or accelerated traffic; 409 if traffic is already running")
	TrafficStatus start(@Valid @RequestBody StartRequest request) {
		return this.traffic.start(request);
	}

	@PostMapping("/stop")
	@Operation(summary = "Stop traffic after the messages in flight are acknowledged; idempotent")
	TrafficStatus stop() {
		return this.traffic.stop();
	}

	@PutMapping("/rate")
	@Operation(summary = "Change the base session rate of running traffic")
	TrafficStatus rate(@Valid @RequestBody RateRequest request) {
		return this.traffic.changeRate(request.sessionsPerHour());
	}

	@PostMapping("/backfill")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Simulate whole past days as fast as possible; 409 if traffic is already running")
	TrafficStatus backfill(@Valid @RequestBody BackfillRequest request) {
		return this.traffic.backfill(request);
	}

	@PostMapping("/catch-up")
	@Operation(summary = "Backfill the last N days before today that come after everything simulated so far "
			+ "(nothing is simulated twice): 202 when a backfill started, 200 when those days are simulated "
			+ "already; 409 if traffic is already running")
	ResponseEntity<CatchUp> catchUp(@Valid @RequestBody CatchUpRequest request) {
		CatchUp done = this.traffic.catchUp(request);
		return ResponseEntity.status(done.started() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(done);
	}

	@GetMapping("/status")
	@Operation(summary = "State, rate, simulated time, in-flight and per-type counts")
	TrafficStatus status() {
		return this.traffic.status();
	}

	@ExceptionHandler(TrafficConflictException.class)
	ProblemDetail conflict(TrafficConflictException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Traffic state conflict");
		return problem;
	}

}
