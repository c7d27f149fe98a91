package io.shoplake.ingest.store;

import java.io.IOException;
import java.util.List;

/**
 * Where lake and quarantine objects live: a folder locally, a GCS bucket on Google Cloud.
 * Objects are created whole and never rewritten: {@link #create} fails if the name
 * exists, and returns only once the object is durable.
 */
public interface ObjectStore {

	/**
	 * Creates {@code name} with {@code bytes}, durably, if it does not exist.
	 * @throws ObjectExistsException if an object of that name exists
	 * @throws IOException if the store failed; nothing may be assumed written
	 */
	void create(String name, byte[] bytes) throws IOException;

	/** The object's bytes. */
	byte[] read(String name) throws IOException;

	/**
	 * Checks that objects can be created now.
	 * @throws IOException if the store cannot be reached or written
	 */
	void checkWritable() throws IOException;

	/** Names of the objects under {@code prefix}, sorted. */
	List<String> list(String prefix) throws IOException;

	/** The name already exists; objects are never overwritten. */
	final class ObjectExistsException extends IOException {

		public ObjectExistsException(String name) {
			super("object already exists: " + name);
		}

	}

}
