package io.shoplake.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import java.util.UUID;

import io.shoplake.events.Device;
import io.shoplake.events.EventCodec;
import io.shoplake.events.Geo;
import io.shoplake.events.PageViewed;
import io.shoplake.events.push.PushMessage;
import io.shoplake.events.push.PushRequest;

/** Talks to a running ingest over HTTP, as Pub/Sub and operators do. */
public final class IngestClient {

	private static final EventCodec codec = new EventCodec();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	public IngestClient(int port) {
		this.base = "http://localhost:" + port;
	}

	/** A valid page view with a fresh event id, at {@code occurredAt}. */
	public static PageViewed pageView(Instant occurredAt) {
		return new PageViewed(UUID.randomUUID(), 1, occurredAt, "ses_1", "anon_1", null,
				new Device("mobile", "iOS", "Safari"), new Geo("DE", "Bavaria", "Munich"), "product", "/p/prd_00042");
	}

	/** A push envelope as Pub/Sub writes it (camelCase), around {@code payload}. */
	public static String envelope(byte[] payload, String messageId, Instant publishTime) {
		PushRequest request = new PushRequest(
				PushMessage.of(payload, Map.of("event_type", "page_viewed"), messageId, publishTime),
				"projects/p/subscriptions/push", 1);
		return codec.mapper().writeValueAsString(request);
	}

	public HttpResponse<String> post(String path, String body) throws Exception {
		return post(path, body, Map.of());
	}

	public HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<String> get(String path) throws Exception {
		return get(path, Map.of());
	}

	public HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
