package io.shoplake.ingest.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.shoplake.events.EventCodec;
import io.shoplake.events.PageViewed;
import io.shoplake.ingest.IngestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.UseMainMethod;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Push with auth on, as in the {@code gcp} profile: tokens are signed with a local RSA
 * key whose public half is served as a JWK set, standing in for Google's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, useMainMethod = UseMainMethod.ALWAYS)
class PushAuthTests {

	private static final String AUDIENCE = "https://ingest.example.run.app/pubsub/push";

	private static final String PUSHER = "pubsub-push@shoplake-test.iam.gserviceaccount.com";

	private static final String OPERATOR = "operator@example.com";

	private static final RSAKey google = key("google");

	private static final RSAKey stranger = key("stranger");

	private static final HttpServer keys = serve(new JWKSet(google.toPublicJWK()));

	@TempDir
	static Path data;

	@LocalServerPort
	int port;

	private final EventCodec codec = new EventCodec();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("shoplake.ingest.lake-directory", () -> data.resolve("lake").toString());
		registry.add("shoplake.ingest.quarantine-directory", () -> data.resolve("quarantine").toString());
		registry.add("shoplake.ingest.min-interval", () -> "20ms");
		registry.add("shoplake.auth.enabled", () -> "true");
		registry.add("shoplake.auth.audience", () -> AUDIENCE);
		registry.add("shoplake.auth.push-emails", () -> PUSHER);
		registry.add("shoplake.auth.operations-emails", () -> OPERATOR);
		registry.add("shoplake.auth.read-emails", () -> OPERATOR);
		registry.add("shoplake.auth.jwk-set-uri",
				() -> "http://localhost:" + keys.getAddress().getPort() + "/oauth2/v3/certs");
	}

	@AfterAll
	static void stopKeys() {
		keys.stop(0);
	}

	@Test
	void aGoogleSignedTokenForThisAudienceFromThePushAccountIsAccepted() throws Exception {
		assertThat(push(token(google, claims()))).isEqualTo(204);
	}

	@Test
	void aMissingOrInvalidTokenIs401() throws Exception {
		IngestClient client = new IngestClient(this.port);
		var missing = client.post("/pubsub/push", envelope());
		assertThat(missing.statusCode()).isEqualTo(401);
		assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(push("not-a-jwt")).isEqualTo(401);
		assertThat(push(token(stranger, claims()))).as("signed by another key").isEqualTo(401);
		assertThat(push(token(google, claimsBuilder().audience("https://someone-else.run.app").build())))
			.as("another audience")
			.isEqualTo(401);
		assertThat(push(token(google, claimsBuilder().issuer("https://evil.example").build()))).as("another issuer")
			.isEqualTo(401);
		Instant past = Instant.now().minus(Duration.ofHours(3));
		assertThat(push(token(google,
				claimsBuilder().issueTime(Date.from(past))
					.expirationTime(Date.from(past.plus(Duration.ofHours(1))))
					.build())))
			.as("expired")
			.isEqualTo(401);
	}

	@Test
	void aTokenMustCarryExpAndIatAndLiveNoLongerThanAnHour() throws Exception {
		Instant now = Instant.now();
		assertThat(push(token(google, claimsBuilder().expirationTime(null).build()))).as("no exp").isEqualTo(401);
		assertThat(push(token(google, claimsBuilder().issueTime(null).build()))).as("no iat").isEqualTo(401);
		assertThat(
				push(token(google, claimsBuilder().expirationTime(Date.from(now.plus(Duration.ofDays(3650)))).build())))
			.as("a ten-year lifetime")
			.isEqualTo(401);
		assertThat(push(token(google,
				claimsBuilder().issueTime(Date.from(now.plus(Duration.ofMinutes(10))))
					.expirationTime(Date.from(now.plus(Duration.ofMinutes(40))))
					.build())))
			.as("issued in the future")
			.isEqualTo(401);
		var refused = new IngestClient(this.port).post("/pubsub/push", envelope(),
				Map.of("Authorization", "Bearer " + token(stranger, claims())));
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(new EventCodec().mapper().readTree(refused.body()).get("detail").stringValue())
			.as("a fixed detail, nothing of the decoder's error")
			.isEqualTo("a valid Google-signed OIDC token for this service is required");
	}

	@Test
	void eachEndpointGroupHasItsOwnAllowList() throws Exception {
		IngestClient client = new IngestClient(this.port);
		String replay = "{\"from\":\"2026-11-24\",\"to\":\"2026-11-24\"}";
		var pusherReplays = client.post("/quarantine/replay", replay,
				Map.of("Authorization", "Bearer " + token(google, claims())));
		assertThat(pusherReplays.statusCode()).as("the push identity may not replay").isEqualTo(403);
		assertThat(pusherReplays.body()).contains("operations");
		String operator = token(google, claimsBuilder().claim("email", OPERATOR).build());
		assertThat(
				client.post("/quarantine/replay", replay, Map.of("Authorization", "Bearer " + operator)).statusCode())
			.as("an operator may")
			.isEqualTo(200);
		assertThat(push(operator)).as("an operator may not push").isEqualTo(403);
		assertThat(
				client.get("/v3/api-docs", Map.of("Authorization", "Bearer " + token(google, claims()))).statusCode())
			.as("the push identity may not read")
			.isEqualTo(403);
		assertThat(client.get("/v3/api-docs", Map.of("Authorization", "Bearer " + operator)).statusCode())
			.as("an operator may read")
			.isEqualTo(200);
	}

	@Test
	void aValidTokenFromAnotherAccountOrAnUnverifiedEmailIs403() throws Exception {
		assertThat(push(token(google, claimsBuilder().claim("email", "someone@example.com").build()))).isEqualTo(403);
		assertThat(push(token(google, claimsBuilder().claim("email_verified", false).build()))).isEqualTo(403);
	}

	@Test
	void healthProbesNeedNoToken() throws Exception {
		assertThat(new IngestClient(this.port).get("/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	private int push(String token) throws Exception {
		return new IngestClient(this.port).post("/pubsub/push", envelope(), Map.of("Authorization", "Bearer " + token))
			.statusCode();
	}

	private String envelope() {
		PageViewed event = IngestClient.pageView(Instant.parse("2026-11-24T09:59:59Z"));
		return IngestClient.envelope(this.codec.toBytes(event), "m-auth", Instant.parse("2026-11-24T10:00:00Z"));
	}

	/** The claims Pub/Sub puts in a push token. */
	private static JWTClaimsSet.Builder claimsBuilder() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer("https://accounts.google.com")
			.audience(List.of(AUDIENCE))
			.subject("112233445566778899")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(1))))
			.claim("email", PUSHER)
			.claim("email_verified", true);
	}

	private static JWTClaimsSet claims() {
		return claimsBuilder().build();
	}

	private static String token(RSAKey key, JWTClaimsSet claims) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static RSAKey key(String id) {
		try {
			return new RSAKeyGenerator(2048).keyID(id).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer serve(JWKSet set) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			byte[] body = set.toString(true).getBytes(StandardCharsets.UTF_8);
			server.createContext("/oauth2/v3/certs", (exchange) -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
