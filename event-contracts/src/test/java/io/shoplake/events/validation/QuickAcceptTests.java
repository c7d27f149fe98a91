package io.shoplake.events.validation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.networknt.schema.format.Format;
import com.networknt.schema.format.Formats;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link QuickAccept} accepts, the check it stands in front of accepts too: every
 * pattern and format of the contract's schemas, over seeded random values in their shape
 * and near misses of it.
 */
class QuickAcceptTests {

	private static final String ALPHABET = "0123456789abcdefABCDEFZTz-:._@ \n\t+xé";

	private static final Map<String, Format> FORMATS = Formats.DEFAULT.stream()
		.collect(Collectors.toMap(Format::getName, (format) -> format, (a, b) -> a));

	@Test
	void whatAPatternAcceptsTheRegularExpressionFinds() throws IOException {
		TreeSet<String> patterns = keywordValues("pattern");
		assertThat(patterns).hasSizeGreaterThanOrEqualTo(6);
		SplittableRandom random = new SplittableRandom(15);
		int simple = 0;
		for (String regex : patterns) {
			Predicate<String> quick = QuickAccept.pattern(regex);
			if (quick == null) {
				continue;
			}
			simple++;
			Pattern pattern = Pattern.compile(regex);
			assertAcceptsOnlyWhatTheRealCheckAccepts(regex, quick, (text) -> pattern.matcher(text).find(), random);
		}
		// Every pattern but the e-mail address's (whose greedy parts overlap) is simple.
		assertThat(simple).isEqualTo(patterns.size() - 1);
	}

	@Test
	void whatAFormatAcceptsTheValidatorsFormatAccepts() throws IOException {
		TreeSet<String> formats = keywordValues("format");
		assertThat(formats).containsExactly("date", "date-time", "uuid");
		SplittableRandom random = new SplittableRandom(16);
		for (String name : formats) {
			Format format = FORMATS.get(name);
			assertAcceptsOnlyWhatTheRealCheckAccepts(name, QuickAccept.format(name),
					(text) -> format.matches(null, text), random);
		}
	}

	/**
	 * Over 50,000 values and near misses of {@code name} (a pattern or format), whatever
	 * {@code quick} accepts {@code real} accepts, and {@code quick} accepts a good share.
	 */
	private static void assertAcceptsOnlyWhatTheRealCheckAccepts(String name, Predicate<String> quick,
			Predicate<String> real, SplittableRandom random) {
		int accepted = 0;
		for (int i = 0; i < 50_000; i++) {
			String text = nearMiss(example(name), random);
			if (quick.test(text)) {
				accepted++;
				assertThat(real.test(text)).as("%s on '%s'", name, text).isTrue();
			}
		}
		assertThat(accepted).as(name).isGreaterThan(10_000);
	}

	@Test
	void theShapesItAcceptsAndLeaves() {
		assertThat(QuickAccept.format("date-time").test("2024-02-29T23:59:59.999Z")).isTrue();
		assertThat(QuickAccept.format("date-time").test("2025-02-29T23:59:59.999Z")).isFalse();
		assertThat(QuickAccept.format("date-time").test("2025-02-28T23:59:60.000Z")).isFalse();
		assertThat(QuickAccept.format("uuid").test("0f8fad5b-d9cb-469f-a165-70867728950e")).isTrue();
		assertThat(QuickAccept.format("uuid").test("0F8FAD5B-D9CB-469F-A165-70867728950E")).isFalse();
		Predicate<String> country = QuickAccept.pattern("^[A-Z]{2}$");
		assertThat(country.test("DE")).isTrue();
		assertThat(country.test("DE\n")).isFalse();
		assertThat(QuickAccept.pattern("^[A-Za-z0-9_-]+$").test("prd_00042-b")).isTrue();
		assertThat(QuickAccept.pattern("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")).isNull();
		assertThat(QuickAccept.pattern("^(a|b)$")).isNull();
	}

	/** A value of a pattern or format, drawn at random in its shape. */
	private static String example(String patternOrFormat) {
		return switch (patternOrFormat) {
			case "date-time", "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$" ->
				"YYYY-MM-DDThh:mm:ss.fffZ";
			case "date", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" -> "YYYY-MM-DD";
			case "uuid", "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" ->
				"hhhhhhhh-hhhh-hhhh-hhhh-hhhhhhhhhhhh";
			case "^[A-Z]{2}$" -> "AA";
			case "^[A-Z]{3}$" -> "AAA";
			default -> "wwwwwwww";
		};
	}

	/**
	 * The template filled at random (Y year, M month, D day, h/m/s/f time digits or hex,
	 * A capital, w word character), its fields sometimes out of range, and a quarter of
	 * the time changed at one place.
	 */
	private static String nearMiss(String template, SplittableRandom random) {
		StringBuilder text = new StringBuilder();
		boolean time = template.contains("T");
		int year = (random.nextInt(10) == 0) ? random.nextInt(10_000) : 1_990 + random.nextInt(60);
		text.append(template.replace("YYYY", String.format("%04d", year))
			.replace("MM", String.format("%02d", random.nextInt(14)))
			.replace("DD", String.format("%02d", random.nextInt(33)))
			.replace("hh:", String.format("%02d:", random.nextInt(25)))
			.replace("mm:", String.format("%02d:", random.nextInt(61)))
			.replace("ss", String.format("%02d", random.nextInt(61))));
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == 'f' && time || c == 'h') {
				text.setCharAt(i, "0123456789abcdef".charAt(random.nextInt(time ? 10 : 16)));
			}
			else if (c == 'A') {
				text.setCharAt(i, (char) ('A' + random.nextInt(26)));
			}
			else if (c == 'w') {
				text.setCharAt(i, "abcXYZ019_-".charAt(random.nextInt(11)));
			}
		}
		if (template.startsWith("w") && random.nextBoolean()) {
			text.setLength(1 + random.nextInt(text.length()));
		}
		if (random.nextInt(4) == 0) {
			int at = random.nextInt(text.length() + 1);
			char noise = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
			switch (random.nextInt(3)) {
				case 0 -> text.insert(at, noise);
				case 1 -> {
					if (at < text.length()) {
						text.deleteCharAt(at);
					}
				}
				default -> {
					if (at < text.length()) {
						text.setCharAt(at, noise);
					}
				}
			}
		}
		return text.toString();
	}

	/** Every value the keyword has anywhere in the contract's schemas. */
	private static TreeSet<String> keywordValues(String keyword) throws IOException {
		TreeSet<String> values = new TreeSet<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/resources/schemas"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).toList()) {
				collect(JsonMapper.shared().readTree(file.toFile()), keyword, values);
			}
		}
		return values;
	}

	private static void collect(JsonNode node, String keyword, TreeSet<String> into) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				if (field.getKey().equals(keyword) && field.getValue().isString()) {
					into.add(field.getValue().stringValue());
				}
				collect(field.getValue(), keyword, into);
			}
		}
		else if (node.isArray()) {
			for (JsonNode item : node) {
				collect(item, keyword, into);
			}
		}
	}

}
