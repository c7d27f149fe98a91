package io.shoplake.transform.load;

import java.util.List;

import io.shoplake.transform.render.Dialect;

/**
 * Lists the objects of the lake or the quarantine by the shared layout
 * ({@link io.shoplake.events.lake.LakeLayout}): a folder locally, a bucket on Google
 * Cloud. Only finished objects are listed (never a write in progress).
 */
public interface LakeSource {

	/**
	 * Every object under {@code top} ({@code events} or {@code failed}), sorted by name.
	 * @throws io.shoplake.transform.warehouse.WarehouseException (transient) if the store
	 * cannot be listed
	 */
	List<Dialect.RawObject> list(String top);

}
