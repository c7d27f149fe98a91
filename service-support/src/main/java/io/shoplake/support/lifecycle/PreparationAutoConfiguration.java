package io.shoplake.support.lifecycle;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shoplake.support.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs the service's {@link Preparation}s and holds the service back until they succeed:
 * the {@code preparations} health indicator (in the readiness group of the services that
 * prepare anything) is down, and every request but the actuator's is answered 503 with
 * {@code Retry-After}, naming what is not ready and why.
 */
@AutoConfiguration
@ConditionalOnBean(Preparation.class)
public class PreparationAutoConfiguration {

	/** Seconds a caller is asked to wait before trying again. */
	static final String RETRY_AFTER_SECONDS = "5";

	@Bean
	SmartLifecycle shoplakePreparations(ObjectProvider<Preparation> preparations) {
		return new SmartLifecycle() {

			private volatile boolean running;

			@Override
			public void start() {
				preparations.orderedStream().forEach(Preparation::start);
				this.running = true;
			}

			@Override
			public void stop() {
				preparations.orderedStream().forEach(Preparation::stop);
				this.running = false;
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

		};
	}

	@Bean
	HealthIndicator preparationsHealthIndicator(ObjectProvider<Preparation> preparations) {
		return () -> {
			List<Preparation> all = preparations.orderedStream().toList();
			Map<String, Object> details = new LinkedHashMap<>();
			all.forEach((preparation) -> details.put(preparation.name(), detail(preparation)));
			boolean ready = all.stream().allMatch(Preparation::isReady);
			return (ready ? Health.up() : Health.outOfService()).withDetails(details).build();
		};
	}

	private static Map<String, Object> detail(Preparation preparation) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("ready", preparation.isReady());
		detail.put("failed_attempts", preparation.failures());
		if (preparation.lastFailure() != null) {
			detail.put("last_failure", preparation.lastFailure());
		}
		return detail;
	}

	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	FilterRegistrationBean<OncePerRequestFilter> shoplakeNotReadyFilter(ObjectProvider<Preparation> preparations) {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {

					/** Once every preparation succeeded, requests pass without a look. */
					private volatile boolean allReady;

					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						Preparation pending = this.allReady ? null
								: preparations.orderedStream()
									.filter((preparation) -> !preparation.isReady())
									.findFirst()
									.orElse(null);
						this.allReady = pending == null;
						if (pending == null || request.getRequestURI().startsWith("/actuator/")) {
							chain.doFilter(request, response);
							return;
						}
						response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
						ProblemResponses.write(response, HttpStatus.SERVICE_UNAVAILABLE.value(), "Not ready",
								pending.name() + " is not prepared yet (" + pending.failures() + " failed attempts"
										+ ((pending.lastFailure() != null) ? ", last: " + pending.lastFailure() : "")
										+ "); try again shortly");
					}

				});
		// After the security chain (-100): only an authenticated caller learns why.
		registration.setOrder(0);
		return registration;
	}

}
