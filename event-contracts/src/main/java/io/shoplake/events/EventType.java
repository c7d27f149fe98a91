package io.shoplake.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The 14 event types of the contract: wire name, record class and the versions of its
 * JSON Schema. Each type has its own version (its {@code schema_version}), raised when a
 * field is added or changes meaning; the schema of version {@code n} is
 * {@code schemas/v<n>/<wire name>.json}. Readers accept every version of a type, writers
 * write the newest. Wire names are part of the contract and never change.
 */
public enum EventType {

	CUSTOMER_REGISTERED(CustomerRegistered.class, 2), SESSION_STARTED(SessionStarted.class, 1),
	AD_CLICKED(AdClicked.class, 1), PAGE_VIEWED(PageViewed.class, 1), SEARCH_PERFORMED(SearchPerformed.class, 1),
	PRODUCT_VIEWED(ProductViewed.class, 2), CART_ITEM_ADDED(CartItemAdded.class, 2),
	CART_ITEM_REMOVED(CartItemRemoved.class, 2), CHECKOUT_STARTED(CheckoutStarted.class, 1),
	PAYMENT_FAILED(PaymentFailed.class, 1), ORDER_COMPLETED(OrderCompleted.class, 2),
	ORDER_REFUNDED(OrderRefunded.class, 1), PRODUCT_PRICE_CHANGED(ProductPriceChanged.class, 1),
	AD_IMPRESSIONS_REPORTED(AdImpressionsReported.class, 1);

	private static final Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

	private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(EventType::recordClass, Function.identity()));

	private final Class<? extends Event> recordClass;

	private final String wireName;

	private final int version;

	EventType(Class<? extends Event> recordClass, int version) {
		this.recordClass = recordClass;
		this.wireName = name().toLowerCase(java.util.Locale.ROOT);
		this.version = version;
	}

	/**
	 * The newest version of this type's contract: what writers put in
	 * {@code schema_version}.
	 */
	public int version() {
		return this.version;
	}

	/** The {@code event_type} value, e.g. {@code order_completed}. */
	public String wireName() {
		return this.wireName;
	}

	public Class<? extends Event> recordClass() {
		return this.recordClass;
	}

	/** Classpath location of the JSON Schema of this type's newest version. */
	public String schemaResource() {
		return schemaResource(this.version);
	}

	/**
	 * Classpath location of the JSON Schema of one version of this type (1 to
	 * {@link #version()}).
	 */
	public String schemaResource(int version) {
		if (version < 1 || version > this.version) {
			throw new IllegalArgumentException(
					this.wireName + " has versions 1 to " + this.version + ", not " + version);
		}
		return "schemas/v" + version + "/" + this.wireName + ".json";
	}

	/** The type with this wire name, if the contract knows it. */
	public static Optional<EventType> fromWireName(String wireName) {
		return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
	}

	static EventType of(Class<?> recordClass) {
		return BY_CLASS.get(recordClass);
	}

}
