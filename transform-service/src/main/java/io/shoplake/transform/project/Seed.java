package io.shoplake.transform.project;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * A seed: a small CSV table shipped with the project ({@code seeds/<name>.csv}), every
 * column a string, named by the header. Parsed once, when the project is read; the same
 * rows become a table on every warehouse.
 *
 * @param name the seed's name (its file name), also its table's
 * @param columns the header
 * @param rows the values, row by row (a missing trailing value is null)
 * @param hash SHA-256 of the CSV text: a seed is loaded again when it changes
 */
public record Seed(String name, List<String> columns, List<List<String>> rows, String hash) {

	private static final CsvMapper CSV = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();

	/**
	 * Parses {@code csv} (RFC 4180: a header line, fields in double quotes where they
	 * hold commas or quotes).
	 * @throws ProjectException if it has no header or a row has more fields than it
	 */
	static Seed parse(String name, String file, String csv) {
		List<List<String>> lines = new ArrayList<>();
		try (MappingIterator<List<String>> reader = CSV.readerForListOf(String.class)
			.with(CsvSchema.emptySchema())
			.readValues(csv)) {
			while (reader.hasNextValue()) {
				List<String> line = reader.nextValue();
				if (!(line.size() == 1 && line.get(0).isEmpty())) {
					lines.add(line);
				}
			}
		}
		catch (RuntimeException ex) {
			throw new ProjectException(file, 0, "not CSV: " + ex.getMessage());
		}
		if (lines.isEmpty()) {
			throw new ProjectException(file, 1, "a seed needs a header line");
		}
		List<String> header = List.copyOf(lines.get(0));
		List<List<String>> rows = new ArrayList<>();
		for (int i = 1; i < lines.size(); i++) {
			List<String> line = lines.get(i);
			if (line.size() > header.size()) {
				throw new ProjectException(file, i + 1,
						"row has " + line.size() + " fields; the header has " + header.size());
			}
			List<String> row = new ArrayList<>(line);
			while (row.size() < header.size()) {
				row.add(null);
			}
			rows.add(java.util.Collections.unmodifiableList(row));
		}
		return new Seed(name, header, List.copyOf(rows), io.shoplake.transform.render.Renderer.sha256(csv));
	}

}
