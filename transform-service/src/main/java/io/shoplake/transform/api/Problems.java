package io.shoplake.transform.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details, the one shape of every error the transform API answers. */
public final class Problems {

	private Problems() {
	}

	/** A problem with a status, a short title and the failure's own message as detail. */
	public static ProblemDetail of(HttpStatus status, String title, Throwable failure) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, failure.getMessage());
		problem.setTitle(title);
		return problem;
	}

}
