package io.shoplake.support.web;

import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Collectors;

import tools.jackson.databind.DatabindException;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * One answer for input the services cannot take, in every service: a 400 problem whose
 * detail names the offending field or parameter (as the caller wrote it, snake_case) and
 * why. Spring's defaults say only "Invalid request content".
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class InputProblemsAutoConfiguration {

	@Bean
	InputProblems shoplakeInputProblems() {
		return new InputProblems();
	}

	/**
	 * A URL the security firewall refuses (encoded {@code %}, {@code ..}, encoded
	 * slashes) is a 400 problem too, not the container's error page.
	 */
	@Bean
	RequestRejectedHandler shoplakeRequestRejectedHandler() {
		return (request, response, ex) -> ProblemResponses.write(response, HttpStatus.BAD_REQUEST.value(),
				"Invalid request", "the request URL is not accepted (encoded or relative path segments)");
	}

	/**
	 * Tomcat lets an encoded slash through to the firewall (which refuses it as a
	 * problem) instead of answering with its own HTML error page.
	 */
	@Bean
	@ConditionalOnClass(name = "org.springframework.boot.tomcat.TomcatConnectorCustomizer")
	TomcatConnectorCustomizer shoplakeEncodedSlashes() {
		return (connector) -> connector.setEncodedSolidusHandling("passthrough");
	}

	@RestControllerAdvice
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static class InputProblems {

		@ExceptionHandler(MethodArgumentNotValidException.class)
		ProblemDetail invalidBody(MethodArgumentNotValidException ex) {
			String detail = ex.getBindingResult()
				.getFieldErrors()
				.stream()
				.sorted(Comparator.comparing(FieldError::getField))
				.map((error) -> snake(error.getField()) + " " + error.getDefaultMessage() + " (got "
						+ error.getRejectedValue() + ")")
				.collect(Collectors.joining("; "));
			return problem(detail.isEmpty() ? "the request body is not valid" : detail);
		}

		@ExceptionHandler(HandlerMethodValidationException.class)
		ProblemDetail invalidParameters(HandlerMethodValidationException ex) {
			String detail = ex.getParameterValidationResults()
				.stream()
				.map((result) -> result.getMethodParameter().getParameterName() + " "
						+ result.getResolvableErrors()
							.stream()
							.map((error) -> error.getDefaultMessage())
							.collect(Collectors.joining(", "))
						+ " (got " + result.getArgument() + ")")
				.collect(Collectors.joining("; "));
			return problem(detail);
		}

		@ExceptionHandler(MethodArgumentTypeMismatchException.class)
		ProblemDetail mismatch(MethodArgumentTypeMismatchException ex) {
			return problem(ex.getName() + " cannot be read as "
					+ ((ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "its type") + " (got "
					+ ex.getValue() + ")");
		}

		@ExceptionHandler(MissingServletRequestParameterException.class)
		ProblemDetail missing(MissingServletRequestParameterException ex) {
			return problem(ex.getParameterName() + " is required");
		}

		@ExceptionHandler(HttpMessageNotReadableException.class)
		ProblemDetail unreadable(HttpMessageNotReadableException ex) {
			if (ex.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
				String path = databind.getPath()
					.stream()
					.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
							: String.valueOf(reference.getIndex()))
					.collect(Collectors.joining("."));
				return problem(path + " cannot be read: " + databind.getOriginalMessage());
			}
			return problem("the request body is not readable JSON of the expected shape");
		}

		private static ProblemDetail problem(String detail) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
			problem.setTitle("Invalid request");
			return problem;
		}

		private static String snake(String field) {
			return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
		}

	}

}
