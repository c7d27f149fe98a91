package io.shoplake.ingest;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How ingest stores what it receives.
 *
 * @param lakeDirectory root of the lake when the store is the filesystem
 * @param quarantineDirectory root of the quarantine when the store is the filesystem
 * @param maxLines lines per written object at most (group commit)
 * @param maxBytes uncompressed bytes per written object at most
 * @param maxWait longest a message waits before its batch is written; well under the push
 * subscription's ack deadline
 * @param maxMessageBytes largest payload accepted; larger ones are quarantined at stage
 * {@code size}
 * @param dedupeWindow how many recent event ids are remembered to drop redeliveries
 * @param revision the running revision, written into quarantine records
 */
@Validated
@ConfigurationProperties("shoplake.ingest")
public record IngestProperties(@DefaultValue("data/lake") @NotNull Path lakeDirectory,
		@DefaultValue("data/quarantine") @NotNull Path quarantineDirectory, @DefaultValue("5000") @Min(1) int maxLines,
		@DefaultValue("8388608") @Min(1024) int maxBytes, @DefaultValue("200ms") @NotNull Duration maxWait,
		@DefaultValue("1048576") @Min(1024) @Max(10_485_760) int maxMessageBytes,
		@DefaultValue("100000") @Min(0) int dedupeWindow, @DefaultValue("local") @NotBlank String revision) {
}
