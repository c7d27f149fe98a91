package io.shoplake.producer.realism;

import java.time.LocalDate;

import io.shoplake.events.AdClicked;
import io.shoplake.events.CartItemAdded;
import io.shoplake.events.CheckoutStarted;
import io.shoplake.events.Event;
import io.shoplake.events.OrderCompleted;
import io.shoplake.events.PageViewed;
import io.shoplake.events.ProductViewed;

/**
 * The sessions the realism card has not folded into their days yet (hundreds of thousands
 * at a busy shop's rate): each a record of a {@link HashedTable} keyed by its session id
 * — when it was last seen, when it started, and what it did packed into one {@code long}.
 * Not thread-safe.
 */
final class OpenSessions {

	static final int DESKTOP = 0;

	static final int MOBILE = 1;

	static final int TABLET = 2;

	private static final int LAST_AT = 0;

	private static final int STARTED_AT = 1;

	/** Day, hour, device, country and what the session did, laid out below. */
	private static final int STATE = 2;

	// STATE: the epoch day in the low 32 bits, then these fields and flags.
	private static final int HOUR_SHIFT = 32;

	private static final int DEVICE_SHIFT = 37;

	private static final int COUNTRY_SHIFT = 39;

	private static final int COUNTRY_BITS = 12;

	private static final long NEW = 1L << 51;

	private static final long ACTED = 1L << 52;

	private static final long ADDED_TO_CART = 1L << 53;

	private static final long CHECKED_OUT = 1L << 54;

	private static final long ORDERED = 1L << 55;

	private static final long SECOND_SEEN = 1L << 56;

	private static final long FIRST_TWO_SAME_MILLISECOND = 1L << 57;

	/** Page views counted up to two (whether there were more than one is what counts). */
	private static final int PAGE_VIEWS_SHIFT = 58;

	private final HashedTable table = new HashedTable(3);

	private final Names countries = new Names("countries", 1 << COUNTRY_BITS);

	/** Opens a session (its first event, {@code session_started}). */
	void start(String sessionId, long startedAt, LocalDate day, boolean isNew, int localHour, String device,
			String country) {
		int slot = this.table.put(HashedTable.hash(sessionId));
		int deviceCode = switch (device) {
			case "mobile" -> MOBILE;
			case "tablet" -> TABLET;
			default -> DESKTOP;
		};
		long state = (day.toEpochDay() & 0xFFFF_FFFFL) | ((long) localHour << HOUR_SHIFT)
				| ((long) deviceCode << DEVICE_SHIFT) | ((long) this.countries.number(country) << COUNTRY_SHIFT)
				| (isNew ? NEW : 0);
		this.table.set(slot, LAST_AT, startedAt);
		this.table.set(slot, STARTED_AT, startedAt);
		this.table.set(slot, STATE, state);
	}

	/** Notes a later event of its session; false when the session is not open. */
	boolean see(Event event) {
		int slot = this.table.find(HashedTable.hash(event.sessionId()));
		if (slot < 0) {
			return false;
		}
		long at = event.occurredAt().toEpochMilli();
		if (at > this.table.get(slot, LAST_AT)) {
			this.table.set(slot, LAST_AT, at);
		}
		long state = this.table.get(slot, STATE);
		if ((state & SECOND_SEEN) == 0) {
			state |= SECOND_SEEN;
			if (at == this.table.get(slot, STARTED_AT)) {
				state |= FIRST_TWO_SAME_MILLISECOND;
			}
		}
		if (event instanceof PageViewed) {
			long views = (state >>> PAGE_VIEWS_SHIFT) & 3;
			if (views < 2) {
				state += 1L << PAGE_VIEWS_SHIFT;
			}
		}
		else if (!(event instanceof AdClicked) && !(event instanceof ProductViewed)) {
			// A product page's product_viewed is the page itself, not an action on it.
			state |= ACTED;
			if (event instanceof CartItemAdded) {
				state |= ADDED_TO_CART;
			}
			else if (event instanceof CheckoutStarted) {
				state |= CHECKED_OUT;
			}
			else if (event instanceof OrderCompleted) {
				state |= ORDERED;
			}
		}
		this.table.set(slot, STATE, state);
		return true;
	}

	/**
	 * Folds the sessions last seen before {@code before} (an epoch millisecond) into
	 * their days.
	 */
	void foldIdle(long before, Days days) {
		this.table.removeIf((slot) -> {
			if (this.table.get(slot, LAST_AT) >= before) {
				return false;
			}
			long state = this.table.get(slot, STATE);
			fold(state, days.of(day(state)));
			return true;
		});
	}

	/**
	 * Folds every open session of the days {@code from} to {@code to} into {@code days}.
	 */
	void foldInto(LocalDate from, LocalDate to, Days days) {
		this.table.forEach((slot) -> {
			long state = this.table.get(slot, STATE);
			LocalDate day = day(state);
			if (!day.isBefore(from) && !day.isAfter(to)) {
				fold(state, days.of(day));
			}
		});
	}

	/** The latest day a session is open on, or {@code atLeast} if none is later. */
	LocalDate latestDay(LocalDate atLeast) {
		long[] latest = { atLeast.toEpochDay() };
		this.table.forEach((slot) -> latest[0] = Math.max(latest[0], (int) this.table.get(slot, STATE)));
		return LocalDate.ofEpochDay(latest[0]);
	}

	boolean isEmpty() {
		return this.table.size() == 0;
	}

	private void fold(long state, RealismReport.DayStats day) {
		day.sessions++;
		int device = (int) (state >>> DEVICE_SHIFT) & 3;
		day.deviceSessions[device]++;
		boolean ordered = (state & ORDERED) != 0;
		if (ordered) {
			day.sessionsWithOrder++;
			day.deviceOrders[device]++;
		}
		if ((state & ADDED_TO_CART) != 0) {
			day.sessionsWithCart++;
		}
		if ((state & CHECKED_OUT) != 0) {
			day.sessionsWithCheckout++;
			if (ordered) {
				day.checkoutsWithOrder++;
			}
		}
		if (((state >>> PAGE_VIEWS_SHIFT) & 3) <= 1 && (state & ACTED) == 0) {
			day.bounces++;
		}
		if ((state & NEW) != 0) {
			day.newVisitorSessions++;
		}
		if ((state & FIRST_TWO_SAME_MILLISECOND) != 0) {
			day.sameMillisecondStarts++;
		}
		String country = this.countries.name((int) (state >>> COUNTRY_SHIFT) & ((1 << COUNTRY_BITS) - 1));
		int hour = (int) (state >>> HOUR_SHIFT) & 31;
		day.localHours.computeIfAbsent(country, (k) -> new long[24])[hour]++;
	}

	private static LocalDate day(long state) {
		return LocalDate.ofEpochDay((int) state);
	}

	/** The day a session is folded into. */
	@FunctionalInterface
	interface Days {

		RealismReport.DayStats of(LocalDate day);

	}

}
