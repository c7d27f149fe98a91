package io.shoplake.support.security;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call a service. Off locally; on Google Cloud every request but the health
 * probes must carry a Google-signed OIDC token (Pub/Sub push, Cloud Scheduler, or an
 * operator's {@code gcloud auth print-identity-token}).
 *
 * @param enabled verify tokens; when off, every request is let through
 * @param audience the audience the token must be minted for (the service URL, or the
 * audience set on the push subscription / scheduler job)
 * @param issuers accepted {@code iss} values (Google writes either spelling)
 * @param jwkSetUri where Google's signing keys are published
 * @param allowedEmails service accounts (or users) whose verified {@code email} may call;
 * a valid token with any other email is answered 403
 */
@ConfigurationProperties("shoplake.auth")
public record AuthProperties(@DefaultValue("false") boolean enabled, String audience, @DefaultValue( {
		"https://accounts.google.com", "accounts.google.com" }) List<String> issuers,
		@DefaultValue("https://www.googleapis.com/oauth2/v3/certs") URI jwkSetUri,
		@DefaultValue List<String> allowedEmails){

	public AuthProperties {
		if (enabled && (audience == null || audience.isBlank())) {
			throw new IllegalArgumentException("shoplake.auth.audience is required when shoplake.auth.enabled=true");
		}
		if (enabled && allowedEmails.isEmpty()) {
			throw new IllegalArgumentException(
					"shoplake.auth.allowed-emails needs at least one caller when shoplake.auth.enabled=true");
		}
	}

}
