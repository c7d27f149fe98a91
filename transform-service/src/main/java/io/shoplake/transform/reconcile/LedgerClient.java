package io.shoplake.transform.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.shoplake.events.Timestamps;
import io.shoplake.events.ledger.LedgerDay;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the producer's ledger over its REST API: everything acknowledged
 * ({@code GET /ledger}), a checkpoint at the settled watermark
 * ({@code POST /ledger/checkpoints}) and a checkpoint's counts
 * ({@code GET /ledger/checkpoints}). Every figure of a ledger day must be there: a
 * missing one is an error, never read as zero.
 */
public class LedgerClient {

	private static final TypeReference<TreeMap<LocalDate, LedgerDay>> DAYS = new TypeReference<>() {
	};

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper mapper;

	private final ObjectReader days;

	private final URI producer;

	private final Supplier<String> idToken;

	/**
	 * @param mapper the service's JSON mapper (snake_case, as the producer writes)
	 * @param producer base URL of producer-service
	 * @param idToken an ID token for the producer, sent as a bearer token (the producer
	 * checks it on Google Cloud); {@code null} for none
	 */
	public LedgerClient(JsonMapper mapper, URI producer, Supplier<String> idToken) {
		this.mapper = mapper;
		this.days = mapper.readerFor(DAYS)
			.with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
					DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
		this.producer = producer;
		this.idToken = idToken;
	}

	/**
	 * Every day of the ledger.
	 * @throws LedgerUnavailableException if the producer does not answer with one
	 */
	public NavigableMap<LocalDate, LedgerDay> all() {
		HttpResponse<byte[]> response = send("GET", "/ledger");
		return read(response, () -> this.days.readValue(response.body()));
	}

	/**
	 * Has the producer keep a checkpoint at its settled watermark, and answers that
	 * watermark (null before anything was published).
	 * @throws LedgerUnavailableException if the producer does not answer
	 */
	public Instant takeCheckpoint() {
		HttpResponse<byte[]> response = send("POST", "/ledger/checkpoints");
		JsonNode answer = read(response, () -> this.mapper.readTree(response.body()));
		JsonNode asOf = answer.path("as_of");
		return asOf.isNull() || asOf.isMissingNode() ? null : Timestamps.parse(asOf.asString());
	}

	/**
	 * The counts of the checkpoint at {@code asOf}.
	 * @throws LedgerUnavailableException if the producer does not answer, or no longer
	 * keeps that checkpoint
	 */
	public Checkpoint checkpoint(Instant asOf) {
		HttpResponse<byte[]> response = send("GET",
				"/ledger/checkpoints?as_of=" + URLEncoder.encode(Timestamps.format(asOf), StandardCharsets.UTF_8));
		if (response.statusCode() == 404) {
			throw new LedgerUnavailableException(this.producer.resolve("/ledger/checkpoints"),
					"the producer no longer keeps its checkpoint at " + Timestamps.format(asOf)
							+ " (it keeps the last few, none across a restart); the next transform run takes a new one");
		}
		JsonNode answer = read(response, () -> this.mapper.readTree(response.body()));
		return read(response, () -> new Checkpoint(asOf, answer.path("unsettled_below").asLong(),
				this.days.readValue(answer.get("days"))));
	}

	/**
	 * The producer's realism card of the event dates {@code from} to {@code to} (as it
	 * serves it, snake_case JSON), or empty when it generated nothing then.
	 * @throws LedgerUnavailableException if the producer does not answer
	 */
	public Optional<JsonNode> realism(LocalDate from, LocalDate to) {
		HttpResponse<byte[]> response = send("GET", "/realism?from=" + from + "&to=" + to);
		if (response.statusCode() == 404) {
			return Optional.empty();
		}
		return Optional.of(read(response, () -> this.mapper.readTree(response.body())));
	}

	private HttpResponse<byte[]> send(String method, String path) {
		URI uri = this.producer.resolve(path);
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(uri)
				.timeout(Duration.ofSeconds(30))
				.method(method, HttpRequest.BodyPublishers.noBody());
			if (this.idToken != null) {
				request.header("Authorization", "Bearer " + this.idToken.get());
			}
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException | UncheckedIOException ex) {
			throw new LedgerUnavailableException(uri, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LedgerUnavailableException(uri, "interrupted");
		}
	}

	private <T> T read(HttpResponse<byte[]> response, Supplier<T> reader) {
		if (response.statusCode() != 200) {
			throw new LedgerUnavailableException(response.uri(), "HTTP " + response.statusCode());
		}
		try {
			return reader.get();
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new LedgerUnavailableException(response.uri(), ex.toString());
		}
	}

	/**
	 * The counts of the messages published up to a watermark.
	 *
	 * @param asOf the watermark
	 * @param unsettledBelow messages published below it after it passed, still in flight
	 * when the checkpoint was taken
	 * @param days the counts per UTC event date
	 */
	public record Checkpoint(Instant asOf, long unsettledBelow, NavigableMap<LocalDate, LedgerDay> days) {
	}

	/** The producer's ledger could not be read. */
	public static class LedgerUnavailableException extends RuntimeException {

		LedgerUnavailableException(URI uri, String reason) {
			super("could not read the producer's ledger at " + uri + ": " + reason);
		}

	}

}
