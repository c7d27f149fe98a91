package io.shoplake.producer.simulation;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.shoplake.producer.geo.Geography;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

}
