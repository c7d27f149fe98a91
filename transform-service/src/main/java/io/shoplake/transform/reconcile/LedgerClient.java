package io.shoplake.transform.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Supplier;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads the producer's whole ledger over its REST API ({@code GET /ledger}). */
public class LedgerClient {

	private static final TypeReference<TreeMap<LocalDate, LedgerDay>> DAYS = new TypeReference<>() {
	};

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper mapper;

	private final URI producer;

	private final Supplier<String> idToken;

	/**
	 * @param mapper the service's JSON mapper (snake_case, as the producer writes)
	 * @param producer base URL of producer-service
	 */
	public LedgerClient(JsonMapper mapper, URI producer) {
		this(mapper, producer, null);
	}

	/**
	 * @param mapper the service's JSON mapper (snake_case, as the producer writes)
	 * @param producer base URL of producer-service
	 * @param idToken an ID token for the producer, sent as a bearer token (the producer
	 * checks it on Google Cloud); {@code null} for none
	 */
	public LedgerClient(JsonMapper mapper, URI producer, Supplier<String> idToken) {
		this.mapper = mapper;
		this.producer = producer;
		this.idToken = idToken;
	}

	/**
	 * Every day of the ledger.
	 * @throws LedgerUnavailableException if the producer does not answer with one
	 */
	public NavigableMap<LocalDate, LedgerDay> all() {
		URI uri = this.producer.resolve("/ledger?from=1970-01-01&to=9999-12-31");
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
			if (this.idToken != null) {
				request.header("Authorization", "Bearer " + this.idToken.get());
			}
			HttpResponse<byte[]> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() != 200) {
				throw new LedgerUnavailableException(uri, "HTTP " + response.statusCode());
			}
			return this.mapper.readValue(response.body(), DAYS);
		}
		catch (IOException | JacksonException | UncheckedIOException ex) {
			throw new LedgerUnavailableException(uri, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LedgerUnavailableException(uri, "interrupted");
		}
	}

	/** The producer's ledger could not be read. */
	public static class LedgerUnavailableException extends RuntimeException {

		LedgerUnavailableException(URI uri, String reason) {
			super("could not read the producer's ledger at " + uri + ": " + reason);
		}

	}

}
