package io.shoplake.producer.ledger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.google.cloud.storage.Storage;
import io.shoplake.events.EventCodec;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.support.lifecycle.Preparation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ledger, loaded at start-up (retried until it succeeds: {@link Preparation}), saved
 * periodically and on shutdown.
 */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

	private static final Logger log = LoggerFactory.getLogger(LedgerConfiguration.class);

	@Bean
	LedgerStore ledgerStore(LedgerProperties properties, ObjectProvider<Storage> storage) {
		if (properties.gcsUri() == null) {
			return new FileLedgerStore(properties.file());
		}
		return new GcsLedgerStore(storage.getIfAvailable(() -> {
			throw new IllegalStateException("shoplake.producer.ledger.gcs-uri needs Spring Cloud GCP Storage: "
					+ "run with the gcp profile (spring.cloud.gcp.storage.enabled=true and a project id)");
		}), properties.gcsUri());
	}

	@Bean
	Ledger ledger() {
		return new Ledger(ShopperSimulator::campaignOfClick);
	}

	/**
	 * Loads the saved ledger. On a first deployment the service account's grant on the
	 * state bucket may not have propagated yet (403): the load is tried again until it
	 * succeeds, and the service is not ready (no traffic can start) meanwhile. An empty
	 * ledger saves nothing, so nothing saved is replaced before the load.
	 */
	@Bean
	Preparation ledgerLoad(Ledger ledger, LedgerStore store, EventCodec codec,
			@Value("${shoplake.preparation.first-backoff:1s}") Duration firstBackoff,
			@Value("${shoplake.preparation.max-backoff:30s}") Duration maxBackoff) {
		return new Preparation("ledger", () -> ledger.load(store, codec.mapper()), firstBackoff, maxBackoff);
	}

	@Bean
	SmartLifecycle ledgerSaver(Ledger ledger, LedgerStore store, LedgerProperties properties, EventCodec codec) {
		return new SmartLifecycle() {

			private ScheduledExecutorService scheduler;

			@Override
			public void start() {
				this.scheduler = Executors.newSingleThreadScheduledExecutor((r) -> new Thread(r, "ledger-saver"));
				long every = properties.saveInterval().toMillis();
				this.scheduler.scheduleWithFixedDelay(this::save, every, every, TimeUnit.MILLISECONDS);
			}

			private void save() {
				try {
					ledger.save(store, codec.mapper());
				}
				catch (RuntimeException ex) {
					// Logged, and tried again at the next interval (a scheduled task that
					// throws is never run again).
					log.error("{}", ex.getMessage(), ex);
				}
			}

			@Override
			public void stop() {
				// A periodic save under way finishes (interrupted, a write to GCS could
				// land without this instance learning its generation); then the last one.
				this.scheduler.shutdown();
				try {
					this.scheduler.awaitTermination(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				ledger.save(store, codec.mapper());
			}

			@Override
			public boolean isRunning() {
				return this.scheduler != null && !this.scheduler.isShutdown();
			}

			@Override
			public int getPhase() {
				// Lifecycles stop from the highest phase down: this one stops after the
				// traffic stopper (MAX_VALUE - 200) has drained the messages in flight,
				// so
				// their acknowledgements are saved.
				return Integer.MAX_VALUE - 300;
			}

		};
	}

}
