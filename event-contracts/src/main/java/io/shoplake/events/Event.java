package io.shoplake.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One shopper (or shop) event. The permitted records are exactly the 14 event types of
 * the contract, each holding its type's newest version (a field an older version lacks is
 * null, or false, when an older event is read); {@link #eventType()} is the wire name
 * written to {@code event_type}. Every event carries the same session, identity, device
 * and geo fields, so a row of any type can be joined back to its session and customer.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "event_type")
@JsonSubTypes({ @JsonSubTypes.Type(value = CustomerRegistered.class, name = "customer_registered"),
		@JsonSubTypes.Type(value = SessionStarted.class, name = "session_started"),
		@JsonSubTypes.Type(value = AdClicked.class, name = "ad_clicked"),
		@JsonSubTypes.Type(value = PageViewed.class, name = "page_viewed"),
		@JsonSubTypes.Type(value = SearchPerformed.class, name = "search_performed"),
		@JsonSubTypes.Type(value = ProductViewed.class, name = "product_viewed"),
		@JsonSubTypes.Type(value = CartItemAdded.class, name = "cart_item_added"),
		@JsonSubTypes.Type(value = CartItemRemoved.class, name = "cart_item_removed"),
		@JsonSubTypes.Type(value = CheckoutStarted.class, name = "checkout_started"),
		@JsonSubTypes.Type(value = PaymentFailed.class, name = "payment_failed"),
		@JsonSubTypes.Type(value = OrderCompleted.class, name = "order_completed"),
		@JsonSubTypes.Type(value = OrderRefunded.class, name = "order_refunded"),
		@JsonSubTypes.Type(value = ProductPriceChanged.class, name = "product_price_changed"),
		@JsonSubTypes.Type(value = AdImpressionsReported.class, name = "ad_impressions_reported") })
@JsonPropertyOrder({ "event_id", "event_type", "schema_version", "occurred_at", "session_id", "anonymous_id",
		"customer_id", "device", "geo" })
public sealed interface Event permits CustomerRegistered, SessionStarted, AdClicked, PageViewed, SearchPerformed,
		ProductViewed, CartItemAdded, CartItemRemoved, CheckoutStarted, PaymentFailed, OrderCompleted, OrderRefunded,
		ProductPriceChanged, AdImpressionsReported {

	UUID eventId();

	/** Wire name of the type, e.g. {@code order_completed}. */
	@JsonProperty("event_type")
	default String eventType() {
		return EventType.of(getClass()).wireName();
	}

	int schemaVersion();

	Instant occurredAt();

	String sessionId();

	String anonymousId();

	/** Null until the shopper registers. */
	String customerId();

	Device device();

	Geo geo();

}
