package io.shoplake.support.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The {@code gcp} profile fails closed: auth on without an audience or without any
 * allow-list does not start. Every request falls in one endpoint group.
 */
class AuthPropertiesTests {

	@Test
	void authOnWithoutAnAudienceOrAnyAllowListDoesNotStart() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(true, null, List.of("a@example.com")))
			.withMessageContaining("shoplake.auth.audience");
		assertThatIllegalArgumentException().isThrownBy(() -> properties(true, "https://x.run.app", List.of()))
			.withMessageContaining("at least one caller");
		assertThat(properties(false, null, List.of()).enabled()).isFalse();
		assertThat(properties(true, "https://x.run.app", List.of("a@example.com")).emailsOf(EndpointGroup.READ))
			.containsExactly("a@example.com");
	}

	@Test
	void everyRequestFallsInOneGroup() {
		assertThat(group("POST", "/pubsub/push")).isEqualTo(EndpointGroup.PUSH);
		assertThat(group("POST", "/pubsub/push:batch")).isEqualTo(EndpointGroup.PUSH);
		assertThat(group("POST", "/quarantine/replay")).isEqualTo(EndpointGroup.OPERATIONS);
		assertThat(group("POST", "/traffic/start")).isEqualTo(EndpointGroup.OPERATIONS);
		assertThat(group("PUT", "/traffic/rate")).isEqualTo(EndpointGroup.OPERATIONS);
		assertThat(group("POST", "/runs")).isEqualTo(EndpointGroup.OPERATIONS);
		assertThat(group("POST", "/runs/r-1/cancel")).isEqualTo(EndpointGroup.OPERATIONS);
		assertThat(group("GET", "/runs")).isEqualTo(EndpointGroup.READ);
		assertThat(group("GET", "/api/dashboard/kpis")).isEqualTo(EndpointGroup.READ);
		assertThat(group("GET", "/ledger")).isEqualTo(EndpointGroup.READ);
		assertThat(group("POST", "/ledger/checkpoints")).isEqualTo(EndpointGroup.READ);
		assertThat(group("GET", "/pubsub/push")).as("only a POST pushes").isEqualTo(EndpointGroup.READ);
		assertThat(group("DELETE", "/ledger/checkpoints")).isEqualTo(EndpointGroup.OPERATIONS);
	}

	private static EndpointGroup group(String method, String path) {
		return EndpointGroup.of(new MockHttpServletRequest(method, path));
	}

	private static AuthProperties properties(boolean enabled, String audience, List<String> read) {
		return new AuthProperties(enabled, audience, List.of("https://accounts.google.com"),
				URI.create("https://www.googleapis.com/oauth2/v3/certs"), Duration.ofSeconds(5), Duration.ofSeconds(60),
				Duration.ofHours(1), List.of(), List.of(), read);
	}

}
