package io.shoplake.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The 13 event types of contract v1: wire name, record class and JSON Schema resource.
 * Wire names are part of the contract and never change within a schema version.
 */
public enum EventType {

	CUSTOMER_REGISTERED(CustomerRegistered.class), SESSION_STARTED(SessionStarted.class), AD_CLICKED(AdClicked.class),
	PAGE_VIEWED(PageViewed.class), SEARCH_PERFORMED(SearchPerformed.class), PRODUCT_VIEWED(ProductViewed.class),
	CART_ITEM_ADDED(CartItemAdded.class), CART_ITEM_REMOVED(CartItemRemoved.class),
	CHECKOUT_STARTED(CheckoutStarted.class), PAYMENT_FAILED(PaymentFailed.class), ORDER_COMPLETED(OrderCompleted.class),
	ORDER_REFUNDED(OrderRefunded.class), PRODUCT_PRICE_CHANGED(ProductPriceChanged.class);

	private static final Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

	private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(EventType::recordClass, Function.identity()));

	private final Class<? extends Event> recordClass;

	private final String wireName;

	EventType(Class<? extends Event> recordClass) {
		this.recordClass = recordClass;
		this.wireName = name().toLowerCase(java.util.Locale.ROOT);
	}

	/** The {@code event_type} value, e.g. {@code order_completed}. */
	public String wireName() {
		return this.wireName;
	}

	public Class<? extends Event> recordClass() {
		return this.recordClass;
	}

	/** Classpath location of this type's JSON Schema. */
	public String schemaResource() {
		return "schemas/v1/" + this.wireName + ".json";
	}

	/** The type with this wire name, if the contract knows it. */
	public static Optional<EventType> fromWireName(String wireName) {
		return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
	}

	static EventType of(Class<?> recordClass) {
		return BY_CLASS.get(recordClass);
	}

}
