package io.shoplake.producer.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BlobWriteSession;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;

/**
 * The ledger as one object in Cloud Storage (an upload replaces an object whole, visible
 * once finished). Each write is conditional on the generation this instance last read or
 * wrote, so a ledger another producer instance saved in between (an old revision's last
 * save during a rollout) is never overwritten with counts that miss it: the write fails
 * instead, and {@link Ledger#refresh} loads the newer ledger before traffic starts again.
 */
public final class GcsLedgerStore implements LedgerStore {

	private static final int PRECONDITION_FAILED = 412;

	private final Storage storage;

	private final BlobId object;

	/** Generation of the object as last read or written; 0 when it did not exist. */
	private long generation;

	/**
	 * @param storage the Cloud Storage client
	 * @param uri the object, as {@code gs://bucket/name}
	 */
	public GcsLedgerStore(Storage storage, String uri) {
		this.storage = storage;
		this.object = parse(uri);
	}

	private static BlobId parse(String uri) {
		String path = uri.startsWith("gs://") ? uri.substring("gs://".length()) : "";
		int slash = path.indexOf('/');
		if (slash <= 0 || slash == path.length() - 1) {
			throw new IllegalArgumentException("a ledger object is gs://<bucket>/<name>, not " + uri);
		}
		return BlobId.of(path.substring(0, slash), path.substring(slash + 1));
	}

	@Override
	public synchronized byte[] read() throws IOException {
		try {
			Blob blob = this.storage.get(this.object);
			if (blob == null) {
				this.generation = 0;
				return null;
			}
			// The content of exactly the generation just looked up.
			byte[] json = blob.getContent();
			this.generation = blob.getGeneration();
			return json;
		}
		catch (StorageException ex) {
			// Ledger.load says which ledger.
			throw new IOException(ex.getMessage(), ex);
		}
	}

	@Override
	public synchronized void write(byte[] json) throws IOException {
		BlobInfo info = BlobInfo.newBuilder(this.object).setContentType("application/json").build();
		Storage.BlobWriteOption precondition = (this.generation == 0) ? Storage.BlobWriteOption.doesNotExist()
				: Storage.BlobWriteOption.generationMatch(this.generation);
		try {
			BlobWriteSession session = this.storage.blobWriteSession(info, precondition);
			try (WritableByteChannel channel = session.open()) {
				ByteBuffer buffer = ByteBuffer.wrap(json);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
			}
			this.generation = session.getResult().get().getGeneration();
		}
		catch (StorageException ex) {
			failedUnlessLanded(ex, json);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof StorageException storage)) {
				throw new IOException("could not save the ledger to " + this + ": " + ex.getCause(), ex.getCause());
			}
			failedUnlessLanded(storage, json);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while saving the ledger to " + this, ex);
		}
	}

	/**
	 * Throws the failure, unless the precondition failed because this very upload landed
	 * (the client retries a conditional upload whose answer was lost, and the retry finds
	 * the generation moved on): then the object holds {@code json}, and its generation is
	 * this instance's.
	 */
	private void failedUnlessLanded(StorageException ex, byte[] json) throws IOException {
		// GCS answers 412 when the generation precondition fails; Google's in-memory
		// storage reports an existing object as a FileAlreadyExistsException instead.
		if (ex.getCode() != PRECONDITION_FAILED && !(ex.getCause() instanceof FileAlreadyExistsException)) {
			throw new IOException("could not save the ledger to " + this + ": " + ex.getMessage(), ex);
		}
		Blob current;
		try {
			current = this.storage.get(this.object);
		}
		catch (StorageException lookup) {
			ex.addSuppressed(lookup);
			current = null;
		}
		if (current != null && Arrays.equals(current.getContent(), json)) {
			this.generation = current.getGeneration();
			return;
		}
		throw new IOException("the ledger at " + this + " was saved by another producer instance since this"
				+ " one read it; not overwritten (it is loaded again before traffic starts)", ex);
	}

	@Override
	public String toString() {
		return "gs://" + this.object.getBucket() + "/" + this.object.getName();
	}

}
