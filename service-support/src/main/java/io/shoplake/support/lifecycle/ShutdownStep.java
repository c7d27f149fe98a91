package io.shoplake.support.lifecycle;

import org.springframework.context.SmartLifecycle;

/**
 * Work a service must finish when it stops (SIGTERM: Cloud Run gives 10 s), run at a
 * chosen lifecycle phase: higher phases stop first. The web server's graceful shutdown
 * stops taking requests at {@code Integer.MAX_VALUE - 1024} and the server itself stops
 * at {@code Integer.MAX_VALUE - 2048}.
 */
public final class ShutdownStep implements SmartLifecycle {

	private final int phase;

	private final Runnable step;

	private volatile boolean running;

	public ShutdownStep(int phase, Runnable step) {
		this.phase = phase;
		this.step = step;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		try {
			this.step.run();
		}
		finally {
			this.running = false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
