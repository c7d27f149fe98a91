package io.shoplake.ingest.store;

import java.io.IOException;
import java.util.List;

/** A real store that a test can take down: while down, writes and health checks fail. */
public final class SwitchableObjectStore implements ObjectStore {

	private final ObjectStore delegate;

	private volatile boolean down;

	public SwitchableObjectStore(ObjectStore delegate) {
		this.delegate = delegate;
	}

	public void down(boolean down) {
		this.down = down;
	}

	@Override
	public void create(String name, byte[] bytes) throws IOException {
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
