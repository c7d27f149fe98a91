package io.shoplake.producer.simulation;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;

/**
 * How busy the shop is at a moment, for a visitor in a given time zone: hour of the day
 * (in the visitor's local time: a night trough at 04:00, an evening peak at 20:00) x day
 * of the week x holidays (Black Friday, Cyber Monday, the run-up to Christmas) x yearly
 * growth. The hour curve and weekday factors average 1, so an ordinary week's mean is the
 * base rate.
 */
final class TrafficCurve {

	/** Relative traffic per local hour: trough at 04:00, peak at 20:00. */
	private static final double[] HOURS = { 0.55, 0.35, 0.22, 0.16, 0.14, 0.18, 0.32, 0.55, 0.75, 0.9, 1.0, 1.05, 1.12,
			1.1, 1.08, 1.1, 1.15, 1.25, 1.4, 1.6, 1.75, 1.7, 1.35, 0.9 };

	/** Monday to Sunday: Sunday evenings and Mondays are busiest, Saturdays quietest. */
	private static final double[] WEEKDAYS = { 1.06, 1.0, 1.0, 0.98, 0.93, 0.88, 1.15 };

	private static final int FIRST_YEAR = 2000;

	/** Black Friday of 2000-2199, looked up many times per simulated session. */
	private static final LocalDate[] BLACK_FRIDAYS = new LocalDate[200];

	private static final double HOUR_MEAN;

	private static final double WEEKDAY_MEAN;

	static {
		double hours = 0;
		for (double hour : HOURS) {
			hours += hour;
		}
		HOUR_MEAN = hours / HOURS.length;
		double days = 0;
		for (double day : WEEKDAYS) {
			days += day;
		}
		WEEKDAY_MEAN = days / WEEKDAYS.length;
		for (int i = 0; i < BLACK_FRIDAYS.length; i++) {
			BLACK_FRIDAYS[i] = computeBlackFriday(FIRST_YEAR + i);
		}
	}

	private TrafficCurve() {
	}

	/**
	 * Relative traffic in the local hour {@code hour} of the local date {@code date},
	 * mean 1 over an ordinary week.
	 */
	static double factor(LocalDate date, int hour) {
		return HOURS[hour] / HOUR_MEAN * WEEKDAYS[date.getDayOfWeek().ordinal()] / WEEKDAY_MEAN * holidayFactor(date);
	}

	/**
	 * Black Friday (x3) and the days around it, Cyber Monday (x2.5), December rising to
	 * Christmas; quiet Christmas days.
	 */
	static double holidayFactor(LocalDate date) {
		LocalDate blackFriday = blackFriday(date.getYear());
		long fromBlackFriday = date.toEpochDay() - blackFriday.toEpochDay();
		if (fromBlackFriday == 0) {
			return 3.0;
		}
		if (fromBlackFriday == 3) {
			return 2.5;
		}
		if (fromBlackFriday >= -4 && fromBlackFriday <= 4) {
			return (fromBlackFriday < 0) ? 1.35 : 1.6;
		}
		if (date.getMonth() == Month.DECEMBER) {
			int day = date.getDayOfMonth();
			if (day <= 20) {
				return 1.15 + day * 0.015;
			}
			return switch (day) {
				case 24 -> 0.7;
				case 25 -> 0.5;
				case 26 -> 1.2;
				default -> 1.0;
			};
		}
		return 1.0;
	}

	/** The day after the fourth Thursday of November. */
	static LocalDate blackFriday(int year) {
		if (year >= FIRST_YEAR && year < FIRST_YEAR + BLACK_FRIDAYS.length) {
			return BLACK_FRIDAYS[year - FIRST_YEAR];
		}
		return computeBlackFriday(year);
	}

	private static LocalDate computeBlackFriday(int year) {
		return LocalDate.of(year, Month.NOVEMBER, 1)
			.with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY))
			.plusDays(1);
	}

	/**
	 * Days of the Black Friday sales (the week before it to Cyber Monday), when buyers
	 * convert better and buy more.
	 */
	static boolean blackWeek(LocalDate date) {
		long fromBlackFriday = date.toEpochDay() - blackFriday(date.getYear()).toEpochDay();
		return fromBlackFriday >= -6 && fromBlackFriday <= 3;
	}

	/**
	 * How much more a shopper converts on a day: x1.6 on Black Friday, x1.45 on Cyber
	 * Monday.
	 */
	static double conversionLift(LocalDate date) {
		long fromBlackFriday = date.toEpochDay() - blackFriday(date.getYear()).toEpochDay();
		if (fromBlackFriday == 0) {
			return 1.6;
		}
		if (fromBlackFriday == 3) {
			return 1.45;
		}
		if (fromBlackFriday >= -6 && fromBlackFriday <= 3) {
			return 1.2;
		}
		return 1.0;
	}

}
