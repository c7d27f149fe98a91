package io.shoplake.producer.publish;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.google.cloud.spring.pubsub.core.publisher.PubSubPublisherOperations;
import io.shoplake.events.EventCodec;

import org.springframework.beans.factory.ObjectProvider;
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
			ScheduledExecutorService redeliveryScheduler, ObjectProvider<PubSubPublisherOperations> pubsub) {
		return switch (properties.publisher()) {
			case LOCAL_PUSH -> new LocalPushPublisher(properties.localPush(),
					HttpClient.newBuilder()
						.version(HttpClient.Version.HTTP_1_1)
						.connectTimeout(Duration.ofSeconds(5))
						.build(),
					codec, redeliveryScheduler);
			case FILE -> new FileSinkPublisher(properties.file().lakeDirectory(), properties.file().eventsPerObject(),
					clock, Runtime.getRuntime().availableProcessors());
			case PUBSUB -> new PubSubMessagePublisher(pubsub.getIfAvailable(() -> {
				throw new IllegalStateException("shoplake.producer.publisher=pubsub needs Spring Cloud GCP Pub/Sub: "
						+ "run with the gcp profile (spring.cloud.gcp.pubsub.enabled=true and a project id)");
			}), properties.pubsub().topic());
		};
	}

}
