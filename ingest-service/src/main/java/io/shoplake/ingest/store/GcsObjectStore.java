package io.shoplake.ingest.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;

/**
 * An object store in a Google Cloud Storage bucket. Objects are created with the
 * precondition "does not exist" ({@code ifGenerationMatch=0}), so a name is never
 * overwritten, and {@code create} returns only once GCS has acknowledged the finished
 * upload, which makes the object durable. A failing call surfaces as an
 * {@link IOException}: the push is then answered 503 and redelivered.
 */
public final class GcsObjectStore implements ObjectStore {

	private static final int PRECONDITION_FAILED = 412;

	private final Storage storage;

	private final String bucket;

	/** The newest failed create, until a create succeeds again. */
	private volatile IOException lastFailure;

	public GcsObjectStore(Storage storage, String bucket) {
		this.storage = storage;
		this.bucket = bucket;
	}

	@Override
	public void create(String name, byte[] bytes) throws IOException {
		BlobInfo info = BlobInfo.newBuilder(BlobId.of(this.bucket, name))
			.setContentType(name.endsWith(".gz") ? "application/gzip" : "application/json")
			.build();
		// An upload session with ifGenerationMatch=0: GCS refuses it (412) if the name
		// exists, and the object becomes visible, whole, only when the channel closes.
		try (WriteChannel channel = this.storage.writer(info, Storage.BlobWriteOption.doesNotExist())) {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
		}
		catch (StorageException ex) {
			if (exists(ex)) {
				throw new ObjectExistsException(name);
			}
			IOException failure = new IOException(
					"could not create gs://" + this.bucket + "/" + name + ": " + ex.getMessage(), ex);
			this.lastFailure = failure;
			throw failure;
		}
		this.lastFailure = null;
	}

	/**
	 * GCS answers 412 when the precondition fails; Google's in-memory storage reports a
	 * {@link FileAlreadyExistsException} instead.
	 */
	private static boolean exists(StorageException ex) {
		return ex.getCode() == PRECONDITION_FAILED || ex.getCause() instanceof FileAlreadyExistsException;
	}

	@Override
	public byte[] read(String name) throws IOException {
		try {
			return this.storage.readAllBytes(BlobId.of(this.bucket, name));
		}
		catch (StorageException ex) {
			throw new IOException("could not read gs://" + this.bucket + "/" + name + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void checkWritable() throws IOException {
		// Ingest holds object create and view rights on its buckets, not delete rights,
		// so it cannot write a probe and clean up: listing one object proves the bucket
		// is reachable, and a failed create counts until the next create succeeds (the
		// bus keeps redelivering what was not acknowledged, so one is always tried).
		IOException failure = this.lastFailure;
		if (failure != null) {
			throw new IOException("the last object write failed: " + failure.getMessage(), failure);
		}
		try {
			this.storage.list(this.bucket, Storage.BlobListOption.pageSize(1));
		}
		catch (StorageException ex) {
			throw new IOException("cannot reach gs://" + this.bucket + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public List<String> list(String prefix) throws IOException {
		try {
			List<String> names = new ArrayList<>();
			for (Blob blob : this.storage.list(this.bucket, Storage.BlobListOption.prefix(prefix)).iterateAll()) {
				if (!blob.isDirectory()) {
					names.add(blob.getName());
				}
			}
			names.sort(null);
			return names;
		}
		catch (StorageException ex) {
			throw new IOException("could not list gs://" + this.bucket + "/" + prefix + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public String toString() {
		return "gs://" + this.bucket;
	}

}
