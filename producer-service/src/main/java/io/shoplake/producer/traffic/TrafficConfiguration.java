package io.shoplake.producer.traffic;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import io.shoplake.events.EventCodec;
import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.ledger.LedgerStore;
import io.shoplake.producer.publish.MessagePublisher;
import io.shoplake.producer.publish.PublisherProperties;
import io.shoplake.producer.realism.RealismRecorder;
import io.shoplake.producer.simulation.SimulationProperties;
import io.shoplake.support.lifecycle.ShutdownStep;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The traffic service, its shard threads, and a clean stop on shutdown. */
@Configuration(proxyBeanMethods = false)
class TrafficConfiguration {

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService simulationShards() {
		return Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), (r) -> {
			Thread thread = new Thread(r, "simulation-shard");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	TrafficService trafficService(SimulationProperties simulation, PublisherProperties publishing,
			MessagePublisher publisher, Ledger ledger, LedgerStore ledgerStore, EventCodec codec, Clock clock,
			ExecutorService simulationShards, MeterRegistry registry, RealismRecorder realism) {
		return new TrafficService(simulation, publishing, publisher, ledger, ledgerStore, codec, clock,
				simulationShards, registry, realism::record);
	}

	/** Stops traffic (waiting for messages in flight) before anything it uses stops. */
	@Bean
	ShutdownStep trafficStopper(TrafficService traffic) {
		return new ShutdownStep(Integer.MAX_VALUE - 200, traffic::stop);
	}

}
