package io.shoplake.support.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call a service. Off locally (where the services listen on 127.0.0.1 only); on
 * Google Cloud every request but the health probes must carry a Google-signed OIDC token
 * (Pub/Sub push, Cloud Scheduler, another service, or an operator's
 * {@code gcloud auth print-identity-token}) whose verified {@code email} is on the
 * allow-list of the endpoint's group ({@link EndpointGroup}).
 *
 * @param enabled verify tokens; when off, every request is let through
 * @param audience the audience the token must be minted for (the service URL, or the
 * audience set on the push subscription / scheduler job)
 * @param issuers accepted {@code iss} values (Google writes either spelling)
 * @param jwkSetUri where Google's signing keys are published
 * @param jwkSetTimeout connect and read timeout of a key-set fetch
 * @param clockSkew leeway on {@code exp}, {@code iat} and {@code nbf}
 * @param maxTokenLifetime longest {@code exp - iat} accepted (Google's ID tokens live one
 * hour)
 * @param pushEmails who may push ({@code POST /pubsub/push…}): the push subscription's
 * service account
 * @param operationsEmails who may change things (replay, traffic control, runs): the
 * operators and the scheduler
 * @param readEmails who may read (dashboard, reconciliation, ledger, runs, models): the
 * operators and the services that read each other
 */
@ConfigurationProperties("shoplake.auth")
public record AuthProperties(@DefaultValue("false") boolean enabled, String audience, @DefaultValue( {
		"https://accounts.google.com", "accounts.google.com" }) List<String> issuers,
		@DefaultValue("https://www.googleapis.com/oauth2/v3/certs") URI jwkSetUri,
		@DefaultValue("5s") Duration jwkSetTimeout, @DefaultValue("60s") Duration clockSkew,
		@DefaultValue("1h") Duration maxTokenLifetime, @DefaultValue List<String> pushEmails,
		@DefaultValue List<String> operationsEmails, @DefaultValue List<String> readEmails){

	public AuthProperties {
		if (enabled && (audience == null || audience.isBlank())) {
			throw new IllegalArgumentException("shoplake.auth.audience is required when shoplake.auth.enabled=true");
		}
		if (enabled && pushEmails.isEmpty() && operationsEmails.isEmpty() && readEmails.isEmpty()) {
			// Fail closed: a deployment whose allow-lists went missing must not start.
			throw new IllegalArgumentException("shoplake.auth.push-emails, operations-emails or read-emails needs at "
					+ "least one caller when shoplake.auth.enabled=true");
		}
	}

	/** The allow-list of {@code group}. */
	public List<String> emailsOf(EndpointGroup group) {
		return switch (group) {
			case PUSH -> this.pushEmails;
			case OPERATIONS -> this.operationsEmails;
			case READ -> this.readEmails;
		};
	}

}
