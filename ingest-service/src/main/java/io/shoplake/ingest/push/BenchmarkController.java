package io.shoplake.ingest.push;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's ceiling: an endpoint in the same app, behind the same filters, that
 * reads the body and answers 204 without storing anything. Served only with
 * {@code shoplake.ingest.benchmark-endpoints=true}.
 */
@Hidden
@RestController
@ConditionalOnBooleanProperty("shoplake.ingest.benchmark-endpoints")
class BenchmarkController {

	// The same handler as the bare app's (benchmarks/ceiling), so the two differ only by
	// the stack around it: a ResponseEntity would also run MVC's content negotiation
	// and message converters for its empty body.
	@PostMapping("/benchmark/noop")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void noop(@RequestBody byte[] body) {
	}

}
