package io.shoplake.ingest;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shoplake.events.EventCodec;
import io.shoplake.events.lake.NdjsonGzip;
import io.shoplake.events.validation.EventValidator;
import com.google.cloud.storage.Storage;
import io.shoplake.ingest.lake.GroupCommitWriter;
import io.shoplake.ingest.lake.LineWriter;
import io.shoplake.ingest.lake.ObjectPerLineWriter;
import io.shoplake.ingest.push.PushApi;
import io.shoplake.ingest.push.PushHandler;
import io.shoplake.ingest.push.PushServlet;
import io.shoplake.ingest.replay.QuarantineReplayer;
import io.shoplake.ingest.store.FilesystemObjectStore;
import io.shoplake.ingest.store.GcsObjectStore;
import io.shoplake.ingest.store.ObjectStore;
import io.shoplake.ingest.store.StoreHealthIndicator;
import io.shoplake.support.lifecycle.ShutdownStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the push path: codec, validator, the lake and quarantine writers, and a flush on
 * shutdown.
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	private static final Logger log = LoggerFactory.getLogger(IngestConfiguration.class);

	/**
	 * Unique per process start, so object names never collide across restarts or
	 * instances.
	 */
	private final String instance = UUID.randomUUID().toString().substring(0, 8);

	@Bean
	EventCodec eventCodec() {
		return new EventCodec();
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	EventValidator eventValidator(EventCodec codec, Clock clock) {
		return new EventValidator(codec, clock);
	}

	@Bean(destroyMethod = "")
	ScheduledExecutorService lakeFlusher() {
		return Executors.newSingleThreadScheduledExecutor((r) -> new Thread(r, "lake-flusher"));
	}

	@Bean(destroyMethod = "")
	ScheduledExecutorService quarantineFlusher() {
		return Executors.newSingleThreadScheduledExecutor((r) -> new Thread(r, "quarantine-flusher"));
	}

	@Bean
	ObjectStore lakeStore(IngestProperties properties, ObjectProvider<Storage> storage) {
		return switch (properties.store()) {
			case FILESYSTEM -> new FilesystemObjectStore(properties.lakeDirectory());
			case GCS -> new GcsObjectStore(storage.getObject(),
					IngestProperties.requireBucket(properties.lakeBucket(), "lake-bucket"));
		};
	}

	@Bean
	ObjectStore quarantineStore(IngestProperties properties, ObjectProvider<Storage> storage) {
		return switch (properties.store()) {
			case FILESYSTEM -> new FilesystemObjectStore(properties.quarantineDirectory());
			case GCS -> new GcsObjectStore(storage.getObject(),
					IngestProperties.requireBucket(properties.quarantineBucket(), "quarantine-bucket"));
		};
	}

	@Bean
	StoreHealthIndicator lakeHealthIndicator(ObjectStore lakeStore) {
		return new StoreHealthIndicator(lakeStore);
	}

	@Bean
	StoreHealthIndicator quarantineHealthIndicator(ObjectStore quarantineStore) {
		return new StoreHealthIndicator(quarantineStore);
	}

	@Bean
	LineWriter lakeWriter(ObjectStore lakeStore, IngestProperties properties, ScheduledExecutorService lakeFlusher,
			MeterRegistry registry) {
		return writer(lakeStore, "events", properties, lakeFlusher, registry);
	}

	@Bean
	LineWriter quarantineWriter(ObjectStore quarantineStore, IngestProperties properties,
			ScheduledExecutorService quarantineFlusher, MeterRegistry registry) {
		return writer(quarantineStore, "failed", properties, quarantineFlusher, registry);
	}

	private LineWriter writer(ObjectStore store, String prefix, IngestProperties properties,
			ScheduledExecutorService flusher, MeterRegistry registry) {
		// Asked at start-up, not on the first flush: loading and checking igzip's native
		// library (135 ms in a fresh JVM) would otherwise hold the first pushes' acks.
		log.info("store={} objects deflated by {}", prefix, NdjsonGzip.compressor());
		if (properties.commit() == IngestProperties.Commit.PER_EVENT) {
			log.warn("store={} writes one object per event (benchmark baseline, not for production)", prefix);
			return new ObjectPerLineWriter(store, prefix, this.instance);
		}
		DistributionSummary size = DistributionSummary.builder("shoplake.ingest.flush.lines")
			.description("Lines per written object")
			.tag("store", prefix)
			.publishPercentileHistogram()
			.register(registry);
		Timer latency = Timer.builder("shoplake.ingest.flush.latency")
			.description("Time to write one object durably")
			.tag("store", prefix)
			.publishPercentileHistogram()
			.register(registry);
		GroupCommitWriter writer = new GroupCommitWriter(store, prefix, this.instance, properties.maxLines(),
				properties.maxBytes(), properties.minInterval(), flusher, new GroupCommitWriter.FlushListener() {

					@Override
					public void written(int lines, long bytes, long nanos) {
						size.record(lines);
						latency.record(nanos, TimeUnit.NANOSECONDS);
					}

					@Override
					public void failed(int lines, Exception cause) {
						log.warn("write failed store={} lines={} error={}", prefix, lines, cause.toString());
					}

				});
		Gauge.builder("shoplake.ingest.buffered.bytes", writer, LineWriter::bufferedBytes)
			.description("Bytes received and not yet written")
			.tag("store", prefix)
			.register(registry);
		return writer;
	}

	@Bean
	PushHandler pushHandler(EventCodec codec, EventValidator validator, LineWriter lakeWriter,
			LineWriter quarantineWriter, Clock clock, IngestProperties properties, MeterRegistry registry) {
		return new PushHandler(codec, validator, lakeWriter, quarantineWriter, clock, properties, registry);
	}

	/**
	 * The push endpoints, behind the filters every request passes (security, metrics).
	 */
	@Bean
	ServletRegistrationBean<PushServlet> pushServlet(PushHandler handler, IngestProperties properties,
			MeterRegistry registry) {
		PushServlet servlet = new PushServlet(handler, properties.maxBodyBytes(), properties.pushTimeout(),
				properties.bodyBudget());
		Gauge.builder("shoplake.ingest.bodies.bytes", servlet, PushServlet::admittedBytes)
			.description("Push body bytes being read or parsed")
			.register(registry);
		ServletRegistrationBean<PushServlet> registration = new ServletRegistrationBean<>(servlet, PushServlet.PUSH,
				PushServlet.BATCH);
		registration.setName("push");
		registration.setAsyncSupported(true);
		registration.setLoadOnStartup(1);
		return registration;
	}

	/** The push endpoints in the OpenAPI document. */
	@Bean
	PushApi pushApi() {
		return new PushApi();
	}

	@Bean
	QuarantineReplayer quarantineReplayer(ObjectStore quarantineStore, ObjectStore lakeStore, EventValidator validator,
			EventCodec codec, Clock clock, IngestProperties properties) {
		return new QuarantineReplayer(quarantineStore, lakeStore, validator, codec, clock, properties);
	}

	/**
	 * On shutdown (SIGTERM on Cloud Run gives 10 s), everything buffered is written
	 * before the process exits.
	 */
	@Bean
	ShutdownStep flushOnShutdown(LineWriter lakeWriter, LineWriter quarantineWriter,
			ScheduledExecutorService lakeFlusher, ScheduledExecutorService quarantineFlusher) {
		// After the web server's graceful shutdown has stopped taking requests, before
		// the
		// server itself stops.
		return new ShutdownStep(Integer.MAX_VALUE - 1500, () -> {
			lakeWriter.flushAll();
			quarantineWriter.flushAll();
			lakeFlusher.shutdown();
			quarantineFlusher.shutdown();
		});
	}

}
