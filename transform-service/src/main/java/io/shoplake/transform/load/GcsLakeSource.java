package io.shoplake.transform.load;

import java.util.ArrayList;
import java.util.List;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import io.shoplake.events.lake.LakeLayout;
import io.shoplake.transform.render.Dialect;
import io.shoplake.transform.warehouse.WarehouseException;

/** A lake or quarantine bucket; BigQuery reads objects by {@code gs://} URI. */
public final class GcsLakeSource implements LakeSource {

	private final Storage storage;

	private final String bucket;

	public GcsLakeSource(Storage storage, String bucket) {
		this.storage = storage;
		this.bucket = bucket;
	}

	@Override
	public List<Dialect.RawObject> list(String top) {
		try {
			List<Dialect.RawObject> objects = new ArrayList<>();
			for (Blob blob : this.storage.list(this.bucket, Storage.BlobListOption.prefix(top + "/")).iterateAll()) {
				String name = blob.getName();
				if (LakeLayout.isObject(top, name)) {
					objects.add(new Dialect.RawObject(name, "gs://" + this.bucket + "/" + name,
							LakeLayout.partitionOf(name).orElseThrow()));
				}
			}
			objects.sort(java.util.Comparator.comparing(Dialect.RawObject::name));
			return objects;
		}
		catch (RuntimeException ex) {
			throw new WarehouseException("cannot list gs://" + this.bucket + "/" + top + "/: " + ex.getMessage(), ex,
					true);
		}
	}

	@Override
	public String toString() {
		return "gs://" + this.bucket;
	}

}
