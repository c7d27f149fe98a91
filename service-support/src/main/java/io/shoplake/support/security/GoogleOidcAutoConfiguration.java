package io.shoplake.support.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;

/**
 * One security policy for every ShopLake service. With {@code shoplake.auth.enabled} (the
 * {@code gcp} profile) a request needs a Google-signed OIDC token: signature from
 * Google's published keys, issuer, audience and expiry checked (else 401), then a
 * verified {@code email} among {@code shoplake.auth.allowed-emails} (else 403). Health
 * probes stay open. Without it (embedded defaults) every request is let through: locally
 * there is no caller identity to check.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(AuthProperties.class)
public class GoogleOidcAutoConfiguration {

	@Bean
	SecurityFilterChain shoplakeSecurityFilterChain(HttpSecurity http, AuthProperties properties) throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable());
		if (!properties.enabled()) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
			return http.build();
		}
		JwtDecoder decoder = decoder(properties);
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
			.permitAll()
			.anyRequest()
			.access((authentication,
					context) -> new AuthorizationDecision(allowed(authentication.get(), properties.allowedEmails()))))
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.decoder(decoder))
				.authenticationEntryPoint((request, response, ex) -> problem(response, 401, "Unauthorized",
						"a Google-signed OIDC token for this service is required: " + ex.getMessage()))
				.accessDeniedHandler((request, response, ex) -> problem(response, 403, "Forbidden",
						"the token is valid but its email is not allowed to call this service")))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> problem(response, 401, "Unauthorized",
						"a Google-signed OIDC token for this service is required"))
				.accessDeniedHandler((request, response, ex) -> problem(response, 403, "Forbidden",
						"the token is valid but its email is not allowed to call this service")));
		return http.build();
	}

	/** Verifies signature, expiry, issuer and audience. */
	static JwtDecoder decoder(AuthProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString()).build();
		decoder.setJwtValidator(validator(properties));
		return decoder;
	}

	static OAuth2TokenValidator<Jwt> validator(AuthProperties properties) {
		return new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
				new JwtClaimValidator<Object>("iss",
						(issuer) -> issuer != null && properties.issuers().contains(issuer.toString())),
				new JwtClaimValidator<List<String>>("aud",
						(audience) -> audience != null && audience.contains(properties.audience())));
	}

	private static boolean allowed(Authentication authentication, List<String> emails) {
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			return false;
		}
		Jwt jwt = token.getToken();
		return Boolean.TRUE.equals(jwt.getClaimAsBoolean("email_verified"))
				&& emails.contains(jwt.getClaimAsString("email"));
	}

	private static void problem(HttpServletResponse response, int status, String title, String detail)
			throws IOException {
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.getOutputStream()
			.write(("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
					+ detail.replace("\\", "\\\\").replace("\"", "'") + "\"}")
				.getBytes(StandardCharsets.UTF_8));
	}

}
