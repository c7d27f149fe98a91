package io.shoplake.producer.ledger;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the ledger is kept.
 *
 * @param file JSON file the ledger is saved to and loaded from at start-up (embedded
 * default)
 * @param gcsUri {@code gs://bucket/name} of the object the ledger is kept in instead of
 * the file (the {@code gcp} profile: a Cloud Run container's files end with the instance)
 * @param saveInterval how often it is saved while running, when something was counted
 * (and always on shutdown)
 */
@Validated
@ConfigurationProperties("shoplake.producer.ledger")
public record LedgerProperties(@DefaultValue("data/producer/ledger.json") @NotNull Path file,
		@Pattern(regexp = "gs://[^/]+/.+", message = "must be gs://<bucket>/<name>") String gcsUri,
		@DefaultValue("10s") @NotNull Duration saveInterval) {
}
