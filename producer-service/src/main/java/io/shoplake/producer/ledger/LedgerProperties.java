package io.shoplake.producer.ledger;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the ledger is kept.
 *
 * @param file JSON file the ledger is saved to and loaded from at start-up
 * @param saveInterval how often it is saved while running (and always on shutdown)
 */
@Validated
@ConfigurationProperties("shoplake.producer.ledger")
public record LedgerProperties(@DefaultValue("data/producer/ledger.json") @NotNull Path file,
		@DefaultValue("10s") @NotNull Duration saveInterval) {
}
