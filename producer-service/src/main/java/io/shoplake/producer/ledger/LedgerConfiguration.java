package io.shoplake.producer.ledger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.shoplake.events.EventCodec;
import io.shoplake.producer.simulation.ShopperSimulator;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ledger, loaded at start-up, saved periodically and on shutdown. */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

	@Bean
	Ledger ledger(LedgerProperties properties, EventCodec codec) {
		Ledger ledger = new Ledger(ShopperSimulator::campaignOfClick);
		ledger.load(properties.file(), codec.mapper());
		return ledger;
	}

	@Bean
	SmartLifecycle ledgerSaver(Ledger ledger, LedgerProperties properties, EventCodec codec) {
		return new SmartLifecycle() {

			private ScheduledExecutorService scheduler;

			@Override
			public void start() {
				this.scheduler = Executors.newSingleThreadScheduledExecutor((r) -> new Thread(r, "ledger-saver"));
				long every = properties.saveInterval().toMillis();
				this.scheduler.scheduleWithFixedDelay(() -> ledger.save(properties.file(), codec.mapper()), every,
						every, TimeUnit.MILLISECONDS);
			}

			@Override
			public void stop() {
				this.scheduler.shutdownNow();
				ledger.save(properties.file(), codec.mapper());
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
