package io.shoplake.ingest.store;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A real store that a test can take down (while down, writes and health checks fail) or
 * hold (while held, writes wait and then complete).
 */
public final class SwitchableObjectStore implements ObjectStore {

	private final ObjectStore delegate;

	private volatile boolean down;

	private volatile CountDownLatch held = new CountDownLatch(0);

	public SwitchableObjectStore(ObjectStore delegate) {
		this.delegate = delegate;
	}

	public void down(boolean down) {
		this.down = down;
	}

	/** While held, a write waits (and is written once released). */
	public void hold(boolean hold) {
		if (hold) {
			this.held = new CountDownLatch(1);
		}
		else {
			this.held.countDown();
		}
	}

	@Override
	public void create(String name, byte[] bytes) throws IOException {
		try {
			this.held.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while held (test)", ex);
		}
		failIfDown();
		this.delegate.create(name, bytes);
	}

	@Override
	public void checkWritable() throws IOException {
		failIfDown();
		this.delegate.checkWritable();
	}

	@Override
	public byte[] read(String name) throws IOException {
		return this.delegate.read(name);
	}

	@Override
	public List<String> list(String prefix) throws IOException {
		return this.delegate.list(prefix);
	}

	private void failIfDown() throws IOException {
		if (this.down) {
			throw new IOException("store unavailable (test)");
		}
	}

}
