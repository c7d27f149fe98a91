package io.shoplake.ingest.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;

/**
 * Google's in-memory {@link Storage} ({@code LocalStorageHelper}) behind a switch that
 * makes every call fail as GCS does when it is unavailable (HTTP 503).
 */
public final class FailingStorage {

	private final AtomicBoolean down = new AtomicBoolean();

	private final Storage storage;

	public FailingStorage(Storage delegate) {
		this.storage = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(),
				new Class<?>[] { Storage.class }, (proxy, method, args) -> {
					if (this.down.get() && method.getDeclaringClass() != Object.class) {
						throw new StorageException(503, "injected: service unavailable");
					}
					try {
						return method.invoke(delegate, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	public Storage storage() {
		return this.storage;
	}

	public void down(boolean down) {
		this.down.set(down);
	}

}
