package io.shoplake.support.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 problem where no controller answers: filters, the security chain,
 * the firewall. Written by the JSON library, never by string concatenation.
 */
public final class ProblemResponses {

	private static final JsonMapper json = JsonMapper.builder().build();

	private ProblemResponses() {
	}

	/** Answers {@code status} with a problem of {@code title} and {@code detail}. */
	public static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.getOutputStream().write(json.writeValueAsBytes(problem));
	}

}
