package io.shoplake.support.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PreparationTests {

	@Test
	void theWaitDoublesAfterEachFailureUpToTheMaximum() {
		List<Long> waits = new ArrayList<>();
		for (int failures = 1; failures <= 8; failures++) {
			waits.add(Preparation.backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), failures).toSeconds());
		}
		assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
		assertThat(Preparation.backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 10_000))
			.isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void workThatFailsIsTriedAgainUntilItSucceedsAndOnlyThenReady() throws Exception {
		AtomicInteger attempts = new AtomicInteger();
		Preparation preparation = new Preparation("ledger", () -> {
			if (attempts.incrementAndGet() <= 3) {
				throw new IllegalStateException("403 Forbidden: attempt " + attempts.get());
			}
		}, Duration.ofMillis(1), Duration.ofMillis(2));
		assertThat(preparation.isReady()).isFalse();
		preparation.start();
		try {
			preparation.ready().get(30, TimeUnit.SECONDS);
		}
		finally {
			preparation.stop();
		}
		assertThat(attempts).hasValue(4);
		assertThat(preparation.failures()).isEqualTo(3);
		assertThat(preparation.isReady()).isTrue();
		assertThat(preparation.lastFailure()).isNull();
	}

	@Test
	void aBackoffMustBePositiveAndTheMaximumAtLeastTheFirst() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Preparation("x", () -> {
		}, Duration.ZERO, Duration.ofSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new Preparation("x", () -> {
		}, Duration.ofSeconds(2), Duration.ofSeconds(1)));
	}

}
