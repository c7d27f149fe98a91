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
 * @param store where objects go: {@code filesystem} (embedded default) or {@code gcs}
 * @param lakeDirectory root of the lake when the store is the filesystem
 * @param quarantineDirectory root of the quarantine when the store is the filesystem
 * @param lakeBucket the lake's bucket when the store is GCS
 * @param quarantineBucket the quarantine's bucket when the store is GCS
 * @param commit {@code group} (default) or {@code per-event}, the original design's one
 * synced object per event, kept only so the benchmark can compare the two
 * @param maxLines lines per written object at most (group commit)
 * @param maxBytes uncompressed bytes per written object at most
 * @param minInterval shortest time between two objects of one partition (group commit
 * writes a batch as soon as the partition's store is idle, and at most once per this
 * interval): it bounds the object count under load; an idle store writes at once
 * @param maxMessageBytes largest payload accepted; larger ones are quarantined at stage
 * {@code size}
 * @param maxBodyBytes largest push request body read; a larger one is refused with 413
 * before it is buffered (Pub/Sub's 10 MB message is 13.4 MB in base64, plus the envelope)
 * @param pushTimeout longest a push may take from its first byte to its answer: 408 while
 * the body is still arriving, 503 (not acknowledged) when the store has not confirmed it
 * @param bodyBudgetBytes push body bytes read or handled at once, at most (503 with
 * Retry-After beyond it); 0: a 24th of the maximum heap (a body costs about seven times
 * its size while it is parsed and decoded, so a third of the heap at most)
 * @param dedupeWindow how many recent message ids are remembered to answer redeliveries
 * without writing them again
 * @param revision the running revision, written into quarantine records
 * @param benchmarkEndpoints serve {@code POST /benchmark/noop} (answers 204, stores
 * nothing), the HTTP ceiling the benchmark compares against
 */
@Validated
@ConfigurationProperties("shoplake.ingest")
public record IngestProperties(@DefaultValue("filesystem") @NotNull Store store,
		@DefaultValue("data/lake") @NotNull Path lakeDirectory,
		@DefaultValue("data/quarantine") @NotNull Path quarantineDirectory, String lakeBucket, String quarantineBucket,
		@DefaultValue("group") @NotNull Commit commit, @DefaultValue("5000") @Min(1) int maxLines,
		@DefaultValue("8388608") @Min(1024) int maxBytes, @DefaultValue("10ms") @NotNull Duration minInterval,
		@DefaultValue("1048576") @Min(1024) @Max(10_485_760) int maxMessageBytes,
		@DefaultValue("14680064") @Min(16_384) @Max(67_108_864) int maxBodyBytes,
		@DefaultValue("30s") @NotNull Duration pushTimeout, @DefaultValue("0") @Min(0) long bodyBudgetBytes,
		@DefaultValue("100000") @Min(0) int dedupeWindow, @DefaultValue("local") @NotBlank String revision,
		@DefaultValue("false") boolean benchmarkEndpoints) {

	/** Where objects go. */
	public enum Store {

		/** A local folder per store. */
		FILESYSTEM,
		/** A Google Cloud Storage bucket per store. */
		GCS

	}

	/** How lines become objects. */
	public enum Commit {

		/** Buffered per partition, one object per batch. */
		GROUP,
		/** One object per line, written on the request thread (benchmark baseline). */
		PER_EVENT

	}

	/** The body budget in bytes: as configured, or a 24th of the maximum heap. */
	public long bodyBudget() {
		return (this.bodyBudgetBytes > 0) ? this.bodyBudgetBytes : Runtime.getRuntime().maxMemory() / 24;
	}

	/** The bucket named by {@code property}, which must be set for the GCS store. */
	public static String requireBucket(String bucket, String property) {
		if (bucket == null || bucket.isBlank()) {
			throw new IllegalStateException(
					"shoplake.ingest." + property + " is required when shoplake.ingest.store=gcs");
		}
		return bucket;
	}

}
