package io.shoplake.producer.realism;

import java.util.List;

import io.shoplake.producer.ShippedData;

/**
 * The published bands a realistic shop's figures fall in ({@code realism/bands.yml}),
 * each with its definition and the publishers it comes from.
 *
 * @param bands every band, in the card's order
 */
public record Bands(List<Band> bands) {

	/** The bands of {@code realism/bands.yml}. */
	public static Bands load() {
		return ShippedData.yaml("realism/bands.yml", Bands.class);
	}

	/** The band of {@code id}. */
	public Band band(String id) {
		return this.bands.stream()
			.filter((band) -> band.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no band " + id));
	}

	/**
	 * The bands as a Markdown table: metric, band, definition and sources (what
	 * docs/realism.md shows).
	 */
	public String markdown() {
		StringBuilder md = new StringBuilder(
				"| metric | band | how it is measured | published by |\n|---|---|---|---|\n");
		for (Band band : this.bands) {
			md.append("| ")
				.append(band.title())
				.append(" | ")
				.append(RealismReport.format(band, band.min()))
				.append(" – ")
				.append(RealismReport.format(band, band.max()))
				.append(" | ")
				.append(band.definition())
				.append((band.note() != null) ? " " + band.note() : "")
				.append(" | ")
				.append(String.join("; ", band.sources()))
				.append(" |\n");
		}
		return md.toString();
	}

	/**
	 * One metric's band.
	 *
	 * @param id the metric's id
	 * @param title what it is, in a few words
	 * @param definition exactly how it is measured
	 * @param min lowest value in band
	 * @param max highest value in band
	 * @param unit {@code percent}, {@code ratio}, {@code number}, {@code euro} or
	 * {@code hour}
	 * @param note why the band is where it is, where that needs saying
	 * @param sources the publishers of the figures
	 */
	public record Band(String id, String title, String definition, double min, double max, String unit, String note,
			List<String> sources) {

		/** Whether {@code value} is in the band. */
		public boolean contains(double value) {
			return value >= this.min && value <= this.max;
		}

	}

}
