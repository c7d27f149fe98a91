package io.shoplake.events;

import java.time.Instant;
import java.util.UUID;

/** Hand-made events for publisher tests, where the simulation would be noise. */
public final class SampleEventsForProducer {

	private SampleEventsForProducer() {
	}

	public static PageViewed pageView(Instant at) {
		return new PageViewed(UUID.nameUUIDFromBytes(at.toString().getBytes()), 1, at, "ses_1", "anon_1", null,
				new Device("mobile", "iOS", "Safari"), new Geo("DE", "Bavaria", "Munich"), "home", "/");
	}

}
