package io.shoplake.support.lifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up work that needs a cloud service the instance may not reach yet (a first
 * deployment: IAM grants take minutes to propagate, so the first calls answer 403): it is
 * tried at start, and again after each failure with an exponential backoff, until it
 * succeeds. Until then the service is alive but not ready: readiness is down (the
 * {@code preparations} health indicator) and every request but the actuator's is answered
 * 503 with the last failure, so nothing runs on a half-prepared service.
 * {@link PreparationAutoConfiguration} starts every {@code Preparation} bean.
 */
public final class Preparation {

	private static final Logger log = LoggerFactory.getLogger(Preparation.class);

	private final String name;

	private final Runnable task;

	private final Duration firstBackoff;

	private final Duration maxBackoff;

	private final CompletableFuture<Void> ready = new CompletableFuture<>();

	private volatile int failures;

	private volatile String lastFailure;

	private ScheduledExecutorService executor;

	/**
	 * @param name what is prepared, as readiness and the 503 name it
	 * @param task the work; it throws when it did not succeed, and must be safe to run
	 * again after a failure
	 * @param firstBackoff wait after the first failure (doubled after each further one)
	 * @param maxBackoff longest wait between two attempts
	 */
	public Preparation(String name, Runnable task, Duration firstBackoff, Duration maxBackoff) {
		if (firstBackoff.isNegative() || firstBackoff.isZero() || maxBackoff.compareTo(firstBackoff) < 0) {
			throw new IllegalArgumentException("backoff must be positive and at most " + maxBackoff);
		}
		this.name = name;
		this.task = task;
		this.firstBackoff = firstBackoff;
		this.maxBackoff = maxBackoff;
	}

	/**
	 * Starts the first attempt on its own thread (the application's start does not wait).
	 */
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "prepare-" + this.name);
			thread.setDaemon(true);
			return thread;
		});
		attempt();
	}

	/**
	 * The wait after the {@code failures}-th failure: {@code first}, doubled after each
	 * further failure, at most {@code max}.
	 */
	static Duration backoff(Duration first, Duration max, int failures) {
		Duration wait = first;
		for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(max) > 0) ? max : wait;
	}

	private void attempt() {
		try {
			this.task.run();
			this.lastFailure = null;
			if (this.failures > 0) {
				log.info("{} prepared after {} failed attempt(s)", this.name, this.failures);
			}
			this.ready.complete(null);
		}
		catch (RuntimeException ex) {
			this.failures++;
			this.lastFailure = describe(ex);
			Duration backoff = backoff(this.firstBackoff, this.maxBackoff, this.failures);
			log.warn("{} failed (attempt {}), trying again in {} ms: {}", this.name, this.failures, backoff.toMillis(),
					ex.toString());
			if (!this.executor.isShutdown()) {
				this.executor.schedule(this::attempt, backoff.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	/** The failure's message and those of its causes that add to it. */
	static String describe(Throwable failure) {
		StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
		for (Throwable cause = failure.getCause(); cause != null
				&& cause != cause.getCause(); cause = cause.getCause()) {
			if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
				text.append(": ").append(cause.getMessage());
			}
		}
		return text.toString();
	}

	/** Stops trying (shutdown). */
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

	public String name() {
		return this.name;
	}

	public boolean isReady() {
		return this.ready.isDone();
	}

	/** Completes when the work has succeeded. */
	public CompletableFuture<Void> ready() {
		return this.ready.copy();
	}

	/** Failed attempts so far. */
	public int failures() {
		return this.failures;
	}

	/** The message of the last failure, while not ready. */
	public String lastFailure() {
		return this.lastFailure;
	}

}
