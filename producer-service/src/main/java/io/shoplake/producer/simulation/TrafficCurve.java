package io.shoplake.producer.simulation;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * The session arrival rate over time: base rate x hour-of-day curve x day of week x
 * holidays (Black Friday, Cyber Monday, the run-up to Christmas) x yearly growth. The
 * shop's day is UTC. The hour curve averages 1, so the base rate is the mean hourly rate
 * of an ordinary day.
 */
final class TrafficCurve {

	/**
	 * Relative traffic per UTC hour: night trough at 04:00, evening peak at 20:00-21:00.
	 */
	private static final double[] HOURS = { 0.45, 0.3, 0.22, 0.18, 0.17, 0.2, 0.35, 0.6, 0.85, 1.0, 1.1, 1.15, 1.25,
			1.2, 1.15, 1.15, 1.2, 1.3, 1.5, 1.75, 1.85, 1.8, 1.4, 0.85 };

	private static final double HOUR_MEAN;

	static {
		double sum = 0;
		for (double hour : HOURS) {
			sum += hour;
		}
		HOUR_MEAN = sum / HOURS.length;
	}

	private static final double[] WEEKDAYS = { 1.0, 0.98, 1.0, 1.02, 0.95, 0.9, 1.12 };

	private volatile double sessionsPerHour;

	private final double yearlyGrowth;

	private final LocalDate growthEpoch;

	TrafficCurve(double sessionsPerHour, double yearlyGrowth, LocalDate growthEpoch) {
		this.sessionsPerHour = sessionsPerHour;
		this.yearlyGrowth = yearlyGrowth;
		this.growthEpoch = growthEpoch;
	}

	/** Changes the base rate from the next simulated hour on. */
	void setSessionsPerHour(double sessionsPerHour) {
		this.sessionsPerHour = sessionsPerHour;
	}

	/** Expected sessions in the UTC hour that starts at {@code hourStart}. */
	double expectedSessions(ZonedDateTime hourStart) {
		LocalDate date = hourStart.toLocalDate();
		double years = (date.toEpochDay() - this.growthEpoch.toEpochDay()) / 365.25;
		return this.sessionsPerHour * hourFactor(hourStart.getHour()) * WEEKDAYS[date.getDayOfWeek().ordinal()]
				* holidayFactor(date) * Math.pow(1 + this.yearlyGrowth, years);
	}

	static double hourFactor(int hour) {
		return HOURS[hour] / HOUR_MEAN;
	}

	/** Black Friday week, Cyber Monday and December shopping; quiet Christmas days. */
	static double holidayFactor(LocalDate date) {
		LocalDate blackFriday = LocalDate.of(date.getYear(), Month.NOVEMBER, 1)
			.with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY))
			.plusDays(1);
		if (date.equals(blackFriday)) {
			return 3.0;
		}
		if (date.equals(blackFriday.plusDays(3))) {
			return 2.5;
		}
		if (date.isAfter(blackFriday.minusDays(5)) && date.isBefore(blackFriday.plusDays(4))) {
			return 1.5;
		}
		if (date.getMonth() == Month.DECEMBER) {
			int day = date.getDayOfMonth();
			if (day <= 20) {
				return 1.2 + day * 0.02;
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

	static ZonedDateTime utc(java.time.Instant instant) {
		return instant.atZone(ZoneOffset.UTC);
	}

}
