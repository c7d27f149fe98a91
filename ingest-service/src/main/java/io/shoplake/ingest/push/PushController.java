package io.shoplake.ingest.push;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Pub/Sub push endpoint. 204 once the message is durable in the lake or the
 * quarantine (bad data is acknowledged, never answered 4xx: that would loop); 503 when
 * storage failed, so the bus redelivers. The request is answered asynchronously: no
 * thread waits for the group commit.
 */
@RestController
@Tag(name = "push", description = "Pub/Sub push delivery")
class PushController {

	private static final Logger log = LoggerFactory.getLogger(PushController.class);

	private final PushHandler handler;

	PushController(PushHandler handler) {
		this.handler = handler;
	}

	@PostMapping(path = "/pubsub/push", consumes = "*/*")
	@Operation(summary = "Receive one Pub/Sub push message; 204 when durable, 503 when storage failed",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					description = "a Pub/Sub push envelope (JSON; any content type is read as JSON)",
					content = @Content(mediaType = "application/json")))
	CompletableFuture<ResponseEntity<Object>> push(HttpServletRequest request) {
		return this.handler.handle(body(request))
			.handle((ok, error) -> (error == null) ? ResponseEntity.noContent().build() : unavailable(error));
	}

	@PostMapping(path = "/pubsub/push:batch", consumes = "*/*")
	@Operation(
			summary = "Receive a JSON array of push envelopes (local use and benchmarks); "
					+ "200 with one status per envelope, in order: 204 durable, 503 storage failed",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					description = "a JSON array of Pub/Sub push envelopes (any content type is read as JSON)",
					content = @Content(mediaType = "application/json")))
	CompletableFuture<BatchResult> pushBatch(HttpServletRequest request) {
		List<CompletableFuture<Void>> results = this.handler.handleBatch(body(request));
		List<CompletableFuture<Integer>> statuses = results.stream()
			.map((result) -> result.handle((ok, error) -> (error == null) ? 204 : 503))
			.toList();
		return CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new))
			.thenApply((done) -> new BatchResult(statuses.stream().map(CompletableFuture::join).toList()));
	}

	/**
	 * Outcome of a batch.
	 *
	 * @param statuses per envelope, in request order: 204 stored (lake or quarantine),
	 * 503 not stored (send it again)
	 */
	record BatchResult(List<Integer> statuses) {
	}

	/**
	 * The body {@link PushBodyFilter} read, taken from the request as it is: binding it
	 * with {@code @RequestAttribute byte[]} ran Spring's conversion service over it, one
	 * boxed element at a time (the largest cost of a push in the profile).
	 */
	private static byte[] body(HttpServletRequest request) {
		return (byte[]) request.getAttribute(PushBodyFilter.BODY);
	}

	private static ResponseEntity<Object> unavailable(Throwable error) {
		log.warn("push not acknowledged: storage failed error={}", error.toString());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"the message could not be stored; it was not acknowledged and will be redelivered");
		problem.setTitle("Storage unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(problem);
	}

}
