package io.shoplake.ingest.store;

import java.io.IOException;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN when a store cannot be written: ingest would answer 503 to every push, so a load
 * balancer or Cloud Run should know.
 */
public final class StoreHealthIndicator implements HealthIndicator {

	private final ObjectStore store;

	public StoreHealthIndicator(ObjectStore store) {
		this.store = store;
	}

	@Override
	public Health health() {
		try {
			this.store.checkWritable();
			return Health.up().build();
		}
		catch (IOException | RuntimeException ex) {
			return Health.down().withDetail("error", ex.getMessage()).build();
		}
	}

}
