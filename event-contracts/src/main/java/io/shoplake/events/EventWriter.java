package io.shoplake.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Writes events as JSON by hand, field after field into one growing byte array: exactly
 * the bytes the codec's Jackson mapper writes for the same record (contract field order,
 * snake_case names, {@code null} for absent values, Jackson's string escapes, contract
 * timestamps), in a fraction of the time. {@code EventWriterTests} holds it to the mapper
 * byte for byte over a simulated day and seeded random strings. Not thread-safe: one per
 * thread ({@link EventCodec#toBytes} keeps one per thread).
 */
final class EventWriter {

	/** The two lower-case hex digits of every byte value, one after the other. */
	private static final byte[] HEX_PAIRS = new byte[512];

	static {
		byte[] digits = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
		for (int b = 0; b < 256; b++) {
			HEX_PAIRS[2 * b] = digits[b >> 4];
			HEX_PAIRS[2 * b + 1] = digits[b & 0xF];
		}
	}

	/** Jackson's escape hex digits are upper case. */
	private static final byte[] ESCAPE_HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	/**
	 * Per ASCII character: 0 written as is; a character for a two-character escape
	 * ({@code \n}); -1 for a {@code \}{@code u00XX} escape.
	 */
	private static final byte[] ESCAPES = new byte[128];

	static {
		for (int c = 0; c < 0x20; c++) {
			ESCAPES[c] = -1;
		}
		ESCAPES['\b'] = 'b';
		ESCAPES['\t'] = 't';
		ESCAPES['\f'] = 'f';
		ESCAPES['\n'] = 'n';
		ESCAPES['\r'] = 'r';
		ESCAPES['"'] = '"';
		ESCAPES['\\'] = '\\';
	}

	private static final byte[] NULL = ascii("null");

	private static final byte[] TRUE = ascii("true");

	private static final byte[] FALSE = ascii("false");

	/** Per event type (by ordinal): the type and the version's name, after the id. */
	private static final byte[][] TYPE_AND_VERSION = new byte[EventType.values().length][];

	static {
		for (EventType type : EventType.values()) {
			TYPE_AND_VERSION[type.ordinal()] = ascii(",\"event_type\":\"" + type.wireName() + "\",\"schema_version\":");
		}
	}

	private static final byte[] EVENT_ID = ascii("{\"event_id\":");

	private static final byte[] OCCURRED_AT = name("occurred_at");

	private static final byte[] SESSION_ID = name("session_id");

	private static final byte[] ANONYMOUS_ID = name("anonymous_id");

	private static final byte[] CUSTOMER_ID = name("customer_id");

	private static final byte[] DEVICE_TYPE = ascii(",\"device\":{\"type\":");

	private static final byte[] OS = name("os");

	private static final byte[] BROWSER = name("browser");

	private static final byte[] GEO_COUNTRY = ascii(",\"geo\":{\"country\":");

	private static final byte[] GEO = name("geo");

	private static final byte[] DEVICE = name("device");

	private static final byte[] REGION = name("region");

	private static final byte[] CITY = name("city");

	private static final byte[] NAME = name("name");

	private static final byte[] EMAIL = name("email");

	private static final byte[] BIRTH_YEAR = name("birth_year");

	private static final byte[] POSTAL_CODE = name("postal_code");

	private static final byte[] SIGNUP_CHANNEL = name("signup_channel");

	private static final byte[] LANDING_PAGE = name("landing_page");

	private static final byte[] REFERRER = name("referrer");

	private static final byte[] UTM_SOURCE = name("utm_source");

	private static final byte[] UTM_MEDIUM = name("utm_medium");

	private static final byte[] UTM_CAMPAIGN = name("utm_campaign");

	private static final byte[] CLICK_ID = name("click_id");

	private static final byte[] CAMPAIGN_ID = name("campaign_id");

	private static final byte[] AD_PLATFORM = name("ad_platform");

	private static final byte[] COST_MICROS = name("cost_micros");

	private static final byte[] CURRENCY = name("currency");

	private static final byte[] PAGE_TYPE = name("page_type");

	private static final byte[] URL = name("url");

	private static final byte[] QUERY = name("query");

	private static final byte[] RESULTS_COUNT = name("results_count");

	private static final byte[] PRODUCT_ID = name("product_id");

	private static final byte[] PRODUCT_NAME = name("product_name");

	private static final byte[] CATEGORY = name("category");

	private static final byte[] CATEGORY_PATH = name("category_path");

	private static final byte[] BRAND = name("brand");

	private static final byte[] PRICE_CENTS = name("price_cents");

	private static final byte[] CART_ID = name("cart_id");

	private static final byte[] VARIANT_ID = name("variant_id");

	private static final byte[] VARIANT = name("variant");

	private static final byte[] QUANTITY = name("quantity");

	private static final byte[] UNIT_PRICE_CENTS = name("unit_price_cents");

	private static final byte[] CHECKOUT_ID = name("checkout_id");

	private static final byte[] ITEM_COUNT = name("item_count");

	private static final byte[] SUBTOTAL_CENTS = name("subtotal_cents");

	private static final byte[] REASON = name("reason");

	private static final byte[] ORDER_ID = name("order_id");

	private static final byte[] LINES = name("lines");

	private static final byte[] LINE_ID = ascii("{\"line_id\":");

	private static final byte[] DISCOUNT_CENTS = name("discount_cents");

	private static final byte[] SHIPPING_CENTS = name("shipping_cents");

	private static final byte[] TAX_CENTS = name("tax_cents");

	private static final byte[] PRICES_INCLUDE_TAX = name("prices_include_tax");

	private static final byte[] TOTAL_CENTS = name("total_cents");

	private static final byte[] PAYMENT_METHOD = name("payment_method");

	private static final byte[] COUPON_CODE = name("coupon_code");

	private static final byte[] REFUND_ID = name("refund_id");

	private static final byte[] LINE_IDS = name("line_ids");

	private static final byte[] AMOUNT_CENTS = name("amount_cents");

	private static final byte[] OLD_PRICE_CENTS = name("old_price_cents");

	private static final byte[] NEW_PRICE_CENTS = name("new_price_cents");

	private static final byte[] REPORT_DATE = name("report_date");

	private static final byte[] CAMPAIGN_NAME = name("campaign_name");

	private static final byte[] IMPRESSIONS = name("impressions");

	private static final byte[] DAILY_BUDGET_MICROS = name("daily_budget_micros");

	private byte[] out = new byte[1024];

	private int length;

	private final Shared shared = new Shared();

	private final Visit visit = new Visit();

	/** The event's JSON. */
	byte[] toBytes(Event event) {
		this.length = 0;
		write(event);
		return Arrays.copyOf(this.out, this.length);
	}

	private void write(Event event) {
		if (event instanceof PageViewed e) {
			header(e, EventType.PAGE_VIEWED);
			string(PAGE_TYPE, e.pageType());
			string(URL, e.url());
		}
		else if (event instanceof ProductViewed e) {
			header(e, EventType.PRODUCT_VIEWED);
			string(PRODUCT_ID, e.productId());
			string(PRODUCT_NAME, e.productName());
			string(CATEGORY, e.category());
			string(CATEGORY_PATH, e.categoryPath());
			string(BRAND, e.brand());
			number(PRICE_CENTS, e.priceCents());
			string(CURRENCY, e.currency());
		}
		else if (event instanceof SessionStarted e) {
			header(e, EventType.SESSION_STARTED);
			string(LANDING_PAGE, e.landingPage());
			string(REFERRER, e.referrer());
			string(UTM_SOURCE, e.utmSource());
			string(UTM_MEDIUM, e.utmMedium());
			string(UTM_CAMPAIGN, e.utmCampaign());
			string(CLICK_ID, e.clickId());
		}
		else if (event instanceof SearchPerformed e) {
			header(e, EventType.SEARCH_PERFORMED);
			string(QUERY, e.query());
			number(RESULTS_COUNT, e.resultsCount());
		}
		else if (event instanceof CartItemAdded e) {
			header(e, EventType.CART_ITEM_ADDED);
			cartItem(e.cartId(), e.productId(), e.variantId(), e.variant(), e.quantity(), e.unitPriceCents(),
					e.currency());
		}
		else if (event instanceof CartItemRemoved e) {
			header(e, EventType.CART_ITEM_REMOVED);
			cartItem(e.cartId(), e.productId(), e.variantId(), e.variant(), e.quantity(), e.unitPriceCents(),
					e.currency());
		}
		else if (event instanceof CheckoutStarted e) {
			header(e, EventType.CHECKOUT_STARTED);
			string(CHECKOUT_ID, e.checkoutId());
			string(CART_ID, e.cartId());
			number(ITEM_COUNT, e.itemCount());
			number(SUBTOTAL_CENTS, e.subtotalCents());
			string(CURRENCY, e.currency());
		}
		else if (event instanceof OrderCompleted e) {
			header(e, EventType.ORDER_COMPLETED);
			orderCompleted(e);
		}
		else if (event instanceof AdClicked e) {
			header(e, EventType.AD_CLICKED);
			string(CLICK_ID, e.clickId());
			string(CAMPAIGN_ID, e.campaignId());
			string(AD_PLATFORM, e.adPlatform());
			number(COST_MICROS, e.costMicros());
			string(CURRENCY, e.currency());
			string(UTM_SOURCE, e.utmSource());
			string(UTM_MEDIUM, e.utmMedium());
			string(UTM_CAMPAIGN, e.utmCampaign());
		}
		else if (event instanceof CustomerRegistered e) {
			header(e, EventType.CUSTOMER_REGISTERED);
			string(NAME, e.name());
			string(EMAIL, e.email());
			number(BIRTH_YEAR, e.birthYear());
			string(POSTAL_CODE, e.postalCode());
			string(SIGNUP_CHANNEL, e.signupChannel());
		}
		else if (event instanceof PaymentFailed e) {
			header(e, EventType.PAYMENT_FAILED);
			string(CHECKOUT_ID, e.checkoutId());
			string(REASON, e.reason());
		}
		else if (event instanceof OrderRefunded e) {
			header(e, EventType.ORDER_REFUNDED);
			string(REFUND_ID, e.refundId());
			string(ORDER_ID, e.orderId());
			raw(LINE_IDS);
			List<String> lineIds = e.lineIds();
			if (lineIds == null) {
				raw(NULL);
			}
			else {
				byteOut('[');
				for (int i = 0; i < lineIds.size(); i++) {
					if (i > 0) {
						byteOut(',');
					}
					string(lineIds.get(i));
				}
				byteOut(']');
			}
			number(AMOUNT_CENTS, e.amountCents());
			string(CURRENCY, e.currency());
			string(REASON, e.reason());
		}
		else if (event instanceof ProductPriceChanged e) {
			header(e, EventType.PRODUCT_PRICE_CHANGED);
			string(PRODUCT_ID, e.productId());
			number(OLD_PRICE_CENTS, e.oldPriceCents());
			number(NEW_PRICE_CENTS, e.newPriceCents());
			string(CURRENCY, e.currency());
		}
		else if (event instanceof AdImpressionsReported e) {
			header(e, EventType.AD_IMPRESSIONS_REPORTED);
			LocalDate day = e.reportDate();
			string(REPORT_DATE, (day != null) ? day.toString() : null);
			string(CAMPAIGN_ID, e.campaignId());
			string(CAMPAIGN_NAME, e.campaignName());
			string(AD_PLATFORM, e.adPlatform());
			number(IMPRESSIONS, e.impressions());
			number(DAILY_BUDGET_MICROS, e.dailyBudgetMicros());
			string(CURRENCY, e.currency());
		}
		else {
			throw new IllegalArgumentException("not an event of the contract: " + event.getClass());
		}
		byteOut('}');
	}

	/**
	 * The fields every event has, in contract order; called from each type's branch with
	 * its type, so that no look-up finds the type's name. The record's accessors here are
	 * interface calls where this is not inlined, which is in steady state everywhere: C2
	 * inlines it into the first branches of {@link #write} until that method reaches its
	 * size limit, and into none once this was compiled on its own (PrintInlining:
	 * "already compiled into a big method"). Those calls were under 1 % of serializing's
	 * samples.
	 */
	private void header(Event event, EventType type) {
		raw(EVENT_ID);
		uuid(event.eventId());
		raw(TYPE_AND_VERSION[type.ordinal()]);
		number(event.schemaVersion());
		raw(OCCURRED_AT);
		timestamp(event.occurredAt());
		// The block in a method of its own: written inline here, the copied block was
		// slower (docs/benchmarks.md, issue 15's fifteenth pass), for a reason not found.
		visit(event.sessionId(), event.anonymousId(), event.customerId(), event.device(), event.geo());
	}

	/**
	 * From {@code "session_id"} through the place: copied whole when it is the last
	 * header's ({@link Visit}), else written and kept.
	 */
	private void visit(String session, String anonymous, String customer, Device device, Geo geo) {
		if (this.visit.write(session, anonymous, customer, device, geo)) {
			return;
		}
		int from = this.length;
		string(SESSION_ID, session);
		string(ANONYMOUS_ID, anonymous);
		string(CUSTOMER_ID, customer);
		if (device == null) {
			raw(DEVICE);
			raw(NULL);
		}
		else if (!this.shared.write(device)) {
			int deviceFrom = this.length;
			raw(DEVICE_TYPE);
			string(device.type());
			string(OS, device.os());
			string(BROWSER, device.browser());
			byteOut('}');
			this.shared.keep(device, deviceFrom);
		}
		if (geo == null) {
			raw(GEO);
			raw(NULL);
		}
		else if (!this.shared.write(geo)) {
			int geoFrom = this.length;
			raw(GEO_COUNTRY);
			string(geo.country());
			string(REGION, geo.region());
			string(CITY, geo.city());
			byteOut('}');
			this.shared.keep(geo, geoFrom);
		}
		this.visit.keep(session, anonymous, customer, device, geo, from);
	}

	private void cartItem(String cartId, String productId, String variantId, String variant, int quantity,
			long unitPriceCents, String currency) {
		string(CART_ID, cartId);
		string(PRODUCT_ID, productId);
		string(VARIANT_ID, variantId);
		string(VARIANT, variant);
		number(QUANTITY, quantity);
		number(UNIT_PRICE_CENTS, unitPriceCents);
		string(CURRENCY, currency);
	}

	private void orderCompleted(OrderCompleted e) {
		string(ORDER_ID, e.orderId());
		string(CHECKOUT_ID, e.checkoutId());
		raw(LINES);
		List<OrderLine> lines = e.lines();
		byteOut('[');
		for (int i = 0; i < lines.size(); i++) {
			OrderLine line = lines.get(i);
			if (i > 0) {
				byteOut(',');
			}
			if (line == null) {
				raw(NULL);
				continue;
			}
			raw(LINE_ID);
			string(line.lineId());
			string(PRODUCT_ID, line.productId());
			string(VARIANT_ID, line.variantId());
			string(VARIANT, line.variant());
			number(QUANTITY, line.quantity());
			number(UNIT_PRICE_CENTS, line.unitPriceCents());
			number(DISCOUNT_CENTS, line.discountCents());
			byteOut('}');
		}
		byteOut(']');
		number(SUBTOTAL_CENTS, e.subtotalCents());
		number(DISCOUNT_CENTS, e.discountCents());
		number(SHIPPING_CENTS, e.shippingCents());
		number(TAX_CENTS, e.taxCents());
		raw(PRICES_INCLUDE_TAX);
		raw(e.pricesIncludeTax() ? TRUE : FALSE);
		number(TOTAL_CENTS, e.totalCents());
		string(CURRENCY, e.currency());
		string(PAYMENT_METHOD, e.paymentMethod());
		string(COUPON_CODE, e.couponCode());
		string(CLICK_ID, e.clickId());
	}

	private void string(byte[] name, String value) {
		raw(name);
		string(value);
	}

	private void number(byte[] name, long value) {
		raw(name);
		number(value);
	}

	/** A JSON string, escaped as Jackson escapes it, or {@code null}. */
	private void string(String value) {
		if (value == null) {
			raw(NULL);
			return;
		}
		int chars = value.length();
		// Worst case: six bytes per character (an escape); UTF-8 needs at most three.
		ensure(chars * 6 + 2);
		byte[] bytes = this.out;
		int at = this.length;
		bytes[at++] = '"';
		for (int i = 0; i < chars; i++) {
			char c = value.charAt(i);
			if (c < 0x80) {
				byte escape = ESCAPES[c];
				if (escape == 0) {
					bytes[at++] = (byte) c;
				}
				else {
					bytes[at++] = '\\';
					if (escape > 0) {
						bytes[at++] = escape;
					}
					else {
						bytes[at++] = 'u';
						bytes[at++] = '0';
						bytes[at++] = '0';
						bytes[at++] = ESCAPE_HEX[c >> 4];
						bytes[at++] = ESCAPE_HEX[c & 0xF];
					}
				}
			}
			else if (c < 0x800) {
				bytes[at++] = (byte) (0xC0 | (c >> 6));
				bytes[at++] = (byte) (0x80 | (c & 0x3F));
			}
			else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(value.charAt(i + 1))) {
				int code = Character.toCodePoint(c, value.charAt(++i));
				bytes[at++] = (byte) (0xF0 | (code >> 18));
				bytes[at++] = (byte) (0x80 | ((code >> 12) & 0x3F));
				bytes[at++] = (byte) (0x80 | ((code >> 6) & 0x3F));
				bytes[at++] = (byte) (0x80 | (code & 0x3F));
			}
			else if (Character.isSurrogate(c)) {
				// A lone surrogate is no text: Jackson escapes it, and so does this.
				bytes[at++] = '\\';
				bytes[at++] = 'u';
				bytes[at++] = ESCAPE_HEX[c >> 12];
				bytes[at++] = ESCAPE_HEX[(c >> 8) & 0xF];
				bytes[at++] = ESCAPE_HEX[(c >> 4) & 0xF];
				bytes[at++] = ESCAPE_HEX[c & 0xF];
			}
			else {
				bytes[at++] = (byte) (0xE0 | (c >> 12));
				bytes[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				bytes[at++] = (byte) (0x80 | (c & 0x3F));
			}
		}
		bytes[at++] = '"';
		this.length = at;
	}

	private void number(long value) {
		if (value == Long.MIN_VALUE) {
			raw(ascii(Long.toString(value)));
			return;
		}
		ensure(20);
		if (value < 0) {
			this.out[this.length++] = '-';
			value = -value;
		}
		int digits = 1;
		for (long rest = value / 10; rest != 0; rest /= 10) {
			digits++;
		}
		int at = this.length + digits;
		this.length = at;
		do {
			this.out[--at] = (byte) ('0' + (value % 10));
			value /= 10;
		}
		while (value != 0);
	}

	/** A UUID as a JSON string (lower case), or {@code null}. */
	private void uuid(UUID id) {
		if (id == null) {
			raw(NULL);
			return;
		}
		ensure(38);
		byte[] bytes = this.out;
		int at = this.length;
		bytes[at++] = '"';
		long high = id.getMostSignificantBits();
		long low = id.getLeastSignificantBits();
		at = hex(bytes, at, high >>> 32, 4);
		bytes[at++] = '-';
		at = hex(bytes, at, high >>> 16, 2);
		bytes[at++] = '-';
		at = hex(bytes, at, high, 2);
		bytes[at++] = '-';
		at = hex(bytes, at, low >>> 48, 2);
		bytes[at++] = '-';
		at = hex(bytes, at, low, 6);
		bytes[at++] = '"';
		this.length = at;
	}

	/**
	 * The low {@code octets} bytes of {@code value} as hex digits (lower case).
	 */
	private static int hex(byte[] bytes, int at, long value, int octets) {
		for (int i = octets - 1; i >= 0; i--) {
			int pair = ((int) value & 0xFF) << 1;
			bytes[at + 2 * i] = HEX_PAIRS[pair];
			bytes[at + 2 * i + 1] = HEX_PAIRS[pair + 1];
			value >>>= 8;
		}
		return at + 2 * octets;
	}

	private void timestamp(Instant instant) {
		if (instant == null) {
			raw(NULL);
			return;
		}
		ensure(Timestamps.MAX_LENGTH + 2);
		this.out[this.length++] = '"';
		this.length = Timestamps.write(instant, this.out, this.length);
		this.out[this.length++] = '"';
	}

	private void raw(byte[] bytes) {
		raw(bytes, bytes.length);
	}

	/** The first {@code length} of {@code bytes}. */
	private void raw(byte[] bytes, int length) {
		ensure(length);
		System.arraycopy(bytes, 0, this.out, this.length, length);
		this.length += length;
	}

	private void byteOut(char c) {
		ensure(1);
		this.out[this.length++] = (byte) c;
	}

	private void ensure(int more) {
		if (this.length + more > this.out.length) {
			this.out = Arrays.copyOf(this.out, Math.max(this.out.length * 2, this.length + more));
		}
	}

	/**
	 * The last header's session, visitor, customer, device and place (by identity) and
	 * the bytes written for them, from {@code "session_id"} through the place: the events
	 * of one session share all five objects, and the producer's shards write a session's
	 * events one after the other, so the block is copied whole instead of written field
	 * by field again. Strings and records cannot change, so neither can the block. A
	 * block over {@link #MAX_BYTES} is not kept (no simulated header is that long).
	 */
	private final class Visit {

		private static final int MAX_BYTES = 4096;

		private String session;

		private String anonymous;

		private String customer;

		private Device device;

		private Geo geo;

		private byte[] bytes = new byte[512];

		/** The block's length; -1 before the first is kept. */
		private int length = -1;

		/** Writes the kept block if it is these five objects'; false if it is not. */
		boolean write(String session, String anonymous, String customer, Device device, Geo geo) {
			if (this.length < 0 || session != this.session || anonymous != this.anonymous || customer != this.customer
					|| device != this.device || geo != this.geo) {
				return false;
			}
			raw(this.bytes, this.length);
			return true;
		}

		/** Keeps what was written for these five objects since {@code from}. */
		void keep(String session, String anonymous, String customer, Device device, Geo geo, int from) {
			int length = EventWriter.this.length - from;
			if (length > MAX_BYTES) {
				this.length = -1;
				return;
			}
			if (length > this.bytes.length) {
				this.bytes = new byte[Math.max(length, 2 * this.bytes.length)];
			}
			System.arraycopy(EventWriter.this.out, from, this.bytes, 0, length);
			this.length = length;
			this.session = session;
			this.anonymous = anonymous;
			this.customer = customer;
			this.device = device;
			this.geo = geo;
		}

	}

	/**
	 * The bytes written for each {@link Device} and {@link Geo} object met so far (by
	 * identity), to be copied whole when the object comes again: a simulation shares a
	 * few hundred such objects among all its events, and copying their fields' bytes
	 * costs less than reading and escaping each of their six strings every time. Records
	 * cannot change, so an object's bytes cannot either. Bounded: past {@link #MAX_KEPT}
	 * objects, new ones are written field by field.
	 */
	private final class Shared {

		/** A power of two: open addressing, probed in line. */
		private static final int SLOTS = 1 << 11;

		/** At most half the slots taken, so that a probe ends soon. */
		private static final int MAX_KEPT = SLOTS / 2;

		private final Object[] keys = new Object[SLOTS];

		private final byte[][] bytes = new byte[SLOTS][];

		private int kept;

		/** Writes {@code value}'s kept bytes; false if they were not kept. */
		boolean write(Object value) {
			int slot = slot(value);
			for (Object key = this.keys[slot]; key != null; key = this.keys[slot]) {
				if (key == value) {
					raw(this.bytes[slot]);
					return true;
				}
				slot = (slot + 1) & (SLOTS - 1);
			}
			return false;
		}

		/** Keeps what was written for {@code value} since {@code from}. */
		void keep(Object value, int from) {
			if (this.kept == MAX_KEPT) {
				return;
			}
			int slot = slot(value);
			while (this.keys[slot] != null) {
				slot = (slot + 1) & (SLOTS - 1);
			}
			this.keys[slot] = value;
			this.bytes[slot] = Arrays.copyOfRange(EventWriter.this.out, from, EventWriter.this.length);
			this.kept++;
		}

		private static int slot(Object value) {
			int hash = System.identityHashCode(value);
			return (hash ^ (hash >>> 11)) & (SLOTS - 1);
		}

	}

	private static byte[] name(String name) {
		return ascii(",\"" + name + "\":");
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
