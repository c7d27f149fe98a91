package io.shoplake.producer.realism;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The realism card of a stretch of events: every banded metric with its value and
 * verdict, and the generator tells with theirs.
 *
 * @param from first event date measured
 * @param to last event date measured
 * @param sessions sessions measured
 * @param metrics the banded metrics, in the bands' order
 * @param tells the figures that give a generator away, each with what a real shop shows
 */
public record Scorecard(LocalDate from, LocalDate to, long sessions, List<Metric> metrics, List<Tell> tells) {

	/** Metrics in band. */
	public long inBand() {
		return this.metrics.stream().filter((metric) -> "in band".equals(metric.verdict())).count();
	}

	/** Tells that pass. */
	public long tellsPassed() {
		return this.tells.stream().filter((tell) -> tell.measurable() && tell.passed()).count();
	}

	/** Tells the events were enough to judge. */
	public long tellsMeasured() {
		return this.tells.stream().filter(Tell::measurable).count();
	}

	/** The metric of {@code id}. */
	public Metric metric(String id) {
		return this.metrics.stream().filter((metric) -> metric.id().equals(id)).findFirst().orElseThrow();
	}

	/** The tell of {@code id}. */
	public Tell tell(String id) {
		return this.tells.stream().filter((tell) -> tell.id().equals(id)).findFirst().orElseThrow();
	}

	/** The card as a Markdown table (metrics, then tells). */
	public String markdown() {
		List<String> lines = new ArrayList<>();
		long measured = this.metrics.stream().filter((metric) -> !"n/a".equals(metric.verdict())).count();
		lines.add(String.format(Locale.ROOT,
				"Events of %s to %s: %,d sessions; %d of %d metrics in band, %d of %d tells pass%s.", this.from,
				this.to, this.sessions, inBand(), measured, tellsPassed(), tellsMeasured(),
				(measured < this.metrics.size() || tellsMeasured() < this.tells.size())
						? String.format(Locale.ROOT, " (%d metrics and %d tells not measurable in these events)",
								this.metrics.size() - measured, this.tells.size() - tellsMeasured())
						: ""));
		lines.add("");
		lines.add("| metric | value | band | verdict |");
		lines.add("|---|---|---|---|");
		for (Metric metric : this.metrics) {
			lines.add("| " + metric.title() + " | " + metric.value() + " | " + metric.band() + " | " + metric.verdict()
					+ " |");
		}
		lines.add("");
		lines.add("| tell | value | a real shop | verdict |");
		lines.add("|---|---|---|---|");
		for (Tell tell : this.tells) {
			lines.add("| " + tell.title() + " | " + tell.value() + " | " + tell.expected() + " | " + tell.verdict()
					+ " |");
		}
		return String.join("\n", lines);
	}

	/**
	 * A banded metric.
	 *
	 * @param id its id in {@code realism/bands.yml}
	 * @param title what it is
	 * @param measured the value (for two-sided metrics the lowest and highest), null when
	 * the events cannot show it
	 * @param value the value as shown
	 * @param band the band as shown
	 * @param verdict {@code in band}, {@code out of band} or {@code n/a}
	 */
	public record Metric(String id, String title, double[] measured, String value, String band, String verdict) {

		/** Whether it is in band. */
		public boolean inBand() {
			return "in band".equals(this.verdict);
		}

	}

	/**
	 * A figure that gives a generator away.
	 *
	 * @param id short id
	 * @param title what is measured
	 * @param measured the value
	 * @param value the value as shown
	 * @param expected what a real shop shows
	 * @param passed whether the figure reads like a real shop's
	 * @param measurable whether the events were enough to judge it (10,000 customers for
	 * the commonest name, a refund for refund hours, ...)
	 */
	public record Tell(String id, String title, double measured, String value, String expected, boolean passed,
			boolean measurable) {

		/** pass, tell, or n/a when not measurable. */
		public String verdict() {
			return !this.measurable ? "n/a" : this.passed ? "pass" : "tell";
		}
	}

}
