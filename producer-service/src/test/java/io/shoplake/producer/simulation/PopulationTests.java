package io.shoplake.producer.simulation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.shoplake.producer.geo.Geography;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The open population is in its steady state from the first hour: as many sessions and
 * the same share of returning visitors in the first week as in the fourth; new visitors
 * keep arriving; sessions per visitor are heavy-tailed.
 */
class PopulationTests {

	private static final Instant START = Instant.parse("2027-02-01T00:00:00Z");

	@Test
	void noFigureTrendsWithTheAgeOfTheRun() {
		Population population = new Population(9L, Geography.get(), 500, 0, START);
		long hour = START.getEpochSecond() / 3600;
		long[] sessions = new long[4];
		long[] returning = new long[4];
		Map<Long, Integer> visitsPerVisitor = new HashMap<>();
		for (int h = 0; h < 28 * 24; h++) {
			List<Population.Visit> visits = population.visits(hour + h);
			for (Population.Visit visit : visits) {
				int week = h / (7 * 24);
				sessions[week]++;
				returning[week] += visit.returning ? 1 : 0;
				visitsPerVisitor.merge(visit.key, 1, Integer::sum);
			}
		}
		double firstShare = (double) returning[0] / sessions[0];
		double lastShare = (double) returning[3] / sessions[3];
		assertThat((double) sessions[3] / sessions[0]).as("sessions, week 4 / week 1").isBetween(0.95, 1.05);
		assertThat(lastShare / firstShare).as("returning share, week 4 / week 1").isBetween(0.95, 1.05);
		assertThat(firstShare).isBetween(0.5, 0.7);
		// The configured rate is the mean of an ordinary week.
		assertThat(sessions[1] / (7 * 24.0)).isBetween(475.0, 525.0);
		long once = visitsPerVisitor.values().stream().filter((count) -> count == 1).count();
		int most = visitsPerVisitor.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
		assertThat((double) once / visitsPerVisitor.size()).as("visitors seen once").isGreaterThan(0.5);
		assertThat(most).as("the most loyal visitor's sessions").isBetween(8, 40);
	}

	@Test
	void aVisitorIsTheSameWheneverItIsAsked() {
		Population population = new Population(9L, Geography.get(), 100, 0, START);
		Population.Visit visit = population.visits(START.getEpochSecond() / 3600).get(0);
		Population.Visitor visitor = population.visitor(visit.key);
		assertThat(population.visitor(visit.key)).isEqualTo(visitor);
		assertThat(visitor.anonymousId()).matches("anon_[0-9A-Za-z]{10}");
		assertThat(visitor.customerId()).matches("cus_[0-9A-Za-z]{10}");
	}

	@Test
	void aFollowUpComesBackInItsHourAfterARateChangeAndHoweverFarAhead() {
		Population population = new Population(9L, Geography.get(), 50, 0, START);
		long hour = START.getEpochSecond() / 3600;
		SplittableRandom random = new SplittableRandom(21);
		Map<Long, List<Long>> due = new HashMap<>();
		int pendingBefore = population.pending();
		for (int i = 0; i < 500; i++) {
			// The next hour up to about three years ahead (the pending hours start with a
			// week's room and must grow).
			long at = (hour + 1) * 3_600_000L + (long) (Math.pow(random.nextDouble(), 4) * 26_000 * 3_600_000L);
			long key = (long) i << 8;
			population.followUp(at, key);
			due.computeIfAbsent(Math.floorDiv(at, 3_600_000L), (h) -> new ArrayList<>()).add(key);
		}
		assertThat(population.pending()).isEqualTo(pendingBefore + 500);
		List<Population.Visit> first = population.visits(hour);
		assertThat(first).noneMatch((visit) -> visit.followUp);
		// Returning visitors drawn anew; the follow-ups stay.
		population.setSessionsPerHour(80, hour + 1);
		long last = due.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
		int seen = 0;
		for (long h = hour + 1; h <= last; h++) {
			List<Long> keys = new ArrayList<>();
			for (Population.Visit visit : population.visits(h)) {
				assertThat(visit.at / 3_600_000L).isEqualTo(h);
				if (visit.followUp) {
					keys.add(visit.key);
				}
			}
			assertThat(keys).as("follow-ups of hour %d", h)
				.containsExactlyInAnyOrderElementsOf(due.getOrDefault(h, List.of()));
			seen += keys.size();
		}
		assertThat(seen).isEqualTo(500);
	}

	@Test
	void anHourOfActivityTimeIsTheOneABinarySearchFinds() {
		SplittableRandom random = new SplittableRandom(5);
		for (int round = 0; round < 2_000; round++) {
			int length = 2 + random.nextInt((round % 10 == 0) ? 3 : 3_000);
			double[] cumulative = new double[length];
			cumulative[0] = (round % 3 == 0) ? 0 : random.nextDouble() * 100;
			for (int i = 1; i < length; i++) {
				// Hours far quieter and far busier than the average, in runs (holidays).
				double factor = (random.nextInt(50) == 0) ? 40 * random.nextDouble() : random.nextDouble(0.01, 2.5);
				cumulative[i] = cumulative[i - 1] + factor;
			}
			double end = cumulative[length - 1];
			for (int probe = 0; probe < 50; probe++) {
				double value = switch (probe % 4) {
					case 0 -> cumulative[random.nextInt(length - 1)];
					case 1 -> Math.nextDown(cumulative[1 + random.nextInt(length - 1)]);
					case 2 -> cumulative[0];
					default -> random.nextDouble(cumulative[0], end);
				};
				int found = Arrays.binarySearch(cumulative, value);
				int expected = (found >= 0) ? found : -found - 2;
				assertThat(Population.hourOf(cumulative, value)).as("round %d, value %s", round, value)
					.isEqualTo(expected);
			}
			assertThatIllegalArgumentException().isThrownBy(() -> Population.hourOf(cumulative, end));
			assertThatIllegalArgumentException()
				.isThrownBy(() -> Population.hourOf(cumulative, Math.nextDown(cumulative[0])));
		}
	}

}
