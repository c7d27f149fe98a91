package io.shoplake.producer;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A request whose values do not fit together (a range that ends before it starts, a
 * backfill through the start endpoint) is the caller's to fix: 400 with the reason, as an
 * RFC 9457 problem.
 */
@RestControllerAdvice
class BadRequestAdvice {

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid request");
		return problem;
	}

}
