package io.shoplake.support.security;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.shoplake.support.web.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestTemplate;

/**
 * One security policy for every ShopLake service. With {@code shoplake.auth.enabled} (the
 * {@code gcp} profile) a request needs a Google-signed OIDC token: signature from
 * Google's published keys (fetched with timeouts), issuer, audience, {@code exp} and
 * {@code iat} present and checked with a bounded clock skew, a lifetime no longer than
 * {@code max-token-lifetime} (else 401); then a verified {@code email} on the allow-list
 * of the endpoint's {@link EndpointGroup} (else 403). Health probes stay open. Problems
 * are written by the JSON library, with fixed details (nothing of the token or the
 * decoder's error is echoed). Without it (embedded defaults) every request is let
 * through: locally there is no caller identity to check, and the services listen on the
 * loopback interface only.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(AuthProperties.class)
public class GoogleOidcAutoConfiguration {

	/**
	 * Spring Security's own observations are off: one per security filter per request
	 * cost more than a push itself (profiled under load), and with them off the filter
	 * chain is no longer wrapped per request. Requests are still timed
	 * ({@code http.server.requests}).
	 */
	@Bean
	@ConditionalOnMissingBean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	SecurityFilterChain shoplakeSecurityFilterChain(HttpSecurity http, AuthProperties properties) throws Exception {
		// An API of stateless calls: no CSRF token, no session, no saved request, no
		// logout endpoint.
		http.csrf((csrf) -> csrf.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable());
		if (!properties.enabled()) {
			// Nobody is authenticated, so nothing is authorized or translated, and
			// no security context is held: the chain keeps the security headers
			// and drops the filters that would only wrap every request in an empty
			// context, an anonymous authentication and a permit-all decision (the
			// whole chain was 7 % of ingest's no-op request, profiled under load).
			http.sessionManagement((sessions) -> sessions.disable())
				.securityContext((context) -> context.disable())
				.anonymous((anonymous) -> anonymous.disable())
				.servletApi((servletApi) -> servletApi.disable())
				.exceptionHandling((exceptions) -> exceptions.disable());
			return http.build();
		}
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		JwtDecoder decoder = decoder(properties);
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
			.permitAll()
			.anyRequest()
			.access((authentication, context) -> new AuthorizationDecision(
					allowed(authentication.get(), properties.emailsOf(EndpointGroup.of(context.getRequest()))))))
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.decoder(decoder))
				.authenticationEntryPoint((request, response, ex) -> unauthorized(response))
				.accessDeniedHandler((request, response, ex) -> forbidden(request, response)))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> unauthorized(response))
				.accessDeniedHandler((request, response, ex) -> forbidden(request, response)));
		return http.build();
	}

	/** Verifies signature, expiry, issue time, lifetime, issuer and audience. */
	static JwtDecoder decoder(AuthProperties properties) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(properties.jwkSetTimeout());
		requests.setReadTimeout(properties.jwkSetTimeout());
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
			.restOperations(new RestTemplate(requests))
			.build();
		decoder.setJwtValidator(validator(properties));
		return decoder;
	}

	static OAuth2TokenValidator<Jwt> validator(AuthProperties properties) {
		return new DelegatingOAuth2TokenValidator<>(new JwtClaimValidator<Instant>("exp", (exp) -> exp != null),
				new JwtClaimValidator<Instant>("iat", (iat) -> iat != null), timestamps(properties.clockSkew()),
				lifetime(properties.maxTokenLifetime(), properties.clockSkew()),
				new JwtClaimValidator<Object>("iss",
						(issuer) -> issuer != null && properties.issuers().contains(issuer.toString())),
				new JwtClaimValidator<List<String>>("aud",
						(audience) -> audience != null && audience.contains(properties.audience())));
	}

	private static OAuth2TokenValidator<Jwt> timestamps(Duration skew) {
		JwtTimestampValidator timestamps = new JwtTimestampValidator(skew);
		return (jwt) -> {
			OAuth2TokenValidatorResult result = timestamps.validate(jwt);
			if (result.hasErrors()) {
				return result;
			}
			// Issued in the future (beyond the skew): a forged or broken clock.
			Instant issued = jwt.getIssuedAt();
			return (issued != null && issued.isAfter(Instant.now().plus(skew)))
					? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "issued in the future", null))
					: OAuth2TokenValidatorResult.success();
		};
	}

	/** {@code exp - iat} at most {@code max} (plus the skew). */
	private static OAuth2TokenValidator<Jwt> lifetime(Duration max, Duration skew) {
		return (jwt) -> {
			Instant issued = jwt.getIssuedAt();
			Instant expires = jwt.getExpiresAt();
			if (issued == null || expires == null || Duration.between(issued, expires).compareTo(max.plus(skew)) > 0) {
				return OAuth2TokenValidatorResult
					.failure(new OAuth2Error("invalid_token", "token lifetime too long", null));
			}
			return OAuth2TokenValidatorResult.success();
		};
	}

	private static boolean allowed(Authentication authentication, List<String> emails) {
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			return false;
		}
		Jwt jwt = token.getToken();
		return Boolean.TRUE.equals(jwt.getClaimAsBoolean("email_verified"))
				&& emails.contains(jwt.getClaimAsString("email"));
	}

	private static void unauthorized(HttpServletResponse response) throws IOException {
		problem(response, 401, "Unauthorized", "a valid Google-signed OIDC token for this service is required");
	}

	private static void forbidden(HttpServletRequest request, HttpServletResponse response) throws IOException {
		problem(response, 403, "Forbidden", "the token is valid, but its email may not call the "
				+ EndpointGroup.of(request).wireName() + " endpoints of this service");
	}

	private static void problem(HttpServletResponse response, int status, String title, String detail)
			throws IOException {
		if (status == 401) {
			response.setHeader("WWW-Authenticate", "Bearer");
		}
		ProblemResponses.write(response, status, title, detail);
	}

}
