package io.shoplake.producer.publish;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.shoplake.events.EventCodec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the publisher named by {@code shoplake.producer.publisher}. */
@Configuration(proxyBeanMethods = false)
class PublisherConfiguration {

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService redeliveryScheduler() {
		return Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread thread = new Thread(r, "push-redelivery");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	MessagePublisher messagePublisher(PublisherProperties properties, EventCodec codec, Clock clock,
			ScheduledExecutorService redeliveryScheduler) {
		return switch (properties.publisher()) {
			case LOCAL_PUSH -> new LocalPushPublisher(properties.localPush(),
					HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), codec, clock,
					redeliveryScheduler);
			case FILE ->
				new FileSinkPublisher(properties.file().lakeDirectory(), properties.file().eventsPerObject(), clock);
			case PUBSUB -> throw new IllegalStateException(
					"shoplake.producer.publisher=pubsub is not built yet; use local-push or file");
		};
	}

}
