package io.shoplake.ingest.push;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

	@PostMapping(path = "/benchmark/noop", consumes = "*/*")
	ResponseEntity<Void> noop(@RequestBody(required = false) byte[] body) {
		return ResponseEntity.noContent().build();
	}

}
