package io.shoplake.events.validation;

import java.time.Month;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Sufficient conditions for a string to pass a schema's {@code pattern} or
 * {@code format}, checked by hand: what passes here passes the regular expression or the
 * general-purpose validator's format, and whatever does not is left to them, which give
 * the verdict and the message. The event schemas' patterns and formats were three fifths
 * of the JSON Schema stage's samples on valid events (the batch endpoint, profiled under
 * load).
 */
final class QuickAccept {

	private QuickAccept() {
	}

	/**
	 * A check accepting only strings in the shape every valid value has in practice, for
	 * the formats the contract uses; null for any other format.
	 */
	static Predicate<String> format(String name) {
		return switch (name) {
			case "date-time" -> QuickAccept::isUtcDateTime;
			case "date" -> (text) -> text.length() == 10 && isDate(text);
			case "uuid" -> QuickAccept::isLowerCaseUuid;
			default -> null;
		};
	}

	/** {@code uuuu-MM-ddTHH:mm:ss.SSSZ} with every field in range. */
	static boolean isUtcDateTime(String text) {
		return text.length() == 24 && isDate(text) && text.charAt(10) == 'T' && text.charAt(13) == ':'
				&& text.charAt(16) == ':' && text.charAt(19) == '.' && text.charAt(23) == 'Z'
				&& inRange(text, 11, 0, 23) && inRange(text, 14, 0, 59) && inRange(text, 17, 0, 59)
				&& digit(text, 20) >= 0 && digit(text, 21) >= 0 && digit(text, 22) >= 0;
	}

	/**
	 * {@code uuuu-MM-dd} (at the start of {@code text}), year 1000 or later, a real day.
	 */
	private static boolean isDate(String text) {
		if (text.charAt(4) != '-' || text.charAt(7) != '-') {
			return false;
		}
		int year = number(text, 0, 4);
		int month = number(text, 5, 2);
		int day = number(text, 8, 2);
		return year >= 1000 && month >= 1 && month <= 12 && day >= 1
				&& day <= Month.of(month).length(Year.isLeap(year));
	}

	/** Eight, four, four, four and twelve lower-case hex digits. */
	static boolean isLowerCaseUuid(String text) {
		if (text.length() != 36) {
			return false;
		}
		for (int i = 0; i < 36; i++) {
			char c = text.charAt(i);
			boolean ok = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-'
					: (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	private static boolean inRange(String text, int at, int min, int max) {
		int value = number(text, at, 2);
		return value >= min && value <= max;
	}

	private static int number(String text, int at, int width) {
		int value = 0;
		for (int i = at; i < at + width; i++) {
			int d = digit(text, i);
			if (d < 0) {
				return -1;
			}
			value = value * 10 + d;
		}
		return value;
	}

	private static int digit(String text, int at) {
		char c = text.charAt(at);
		return (c >= '0' && c <= '9') ? c - '0' : -1;
	}

	/**
	 * A matcher for {@code regex} if it is a simple anchored pattern: {@code ^}, then
	 * character classes or literals, each once, {@code {n}} times or {@code +}, then
	 * {@code $}, where a {@code +} can be matched greedily (nothing it matches can start
	 * what follows it). Its match is then also a match of the regular expression. Null
	 * for any other pattern.
	 */
	static Predicate<String> pattern(String regex) {
		if (!regex.startsWith("^") || !regex.endsWith("$") || regex.endsWith("\\$")) {
			return null;
		}
		List<Atom> atoms = new ArrayList<>();
		int at = 1;
		int end = regex.length() - 1;
		while (at < end) {
			char c = regex.charAt(at);
			boolean[] set = new boolean[128];
			boolean negated = false;
			if (c == '[') {
				int close = regex.indexOf(']', at + 2);
				if (close < 0 || close > end) {
					return null;
				}
				String body = regex.substring(at + 1, close);
				if (body.startsWith("^")) {
					negated = true;
					body = body.substring(1);
				}
				if (!addClass(body, set)) {
					return null;
				}
				at = close + 1;
			}
			else if (c == '\\' && at + 1 < end && isEscapedLiteral(regex.charAt(at + 1))) {
				set[regex.charAt(at + 1)] = true;
				at += 2;
			}
			else if (c < 128 && Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '@' || c == ':') {
				set[c] = true;
				at++;
			}
			else {
				return null;
			}
			int min = 1;
			int max = 1;
			if (at < end && regex.charAt(at) == '+') {
				max = Integer.MAX_VALUE;
				at++;
			}
			else if (at < end && regex.charAt(at) == '{') {
				int close = regex.indexOf('}', at);
				if (close < 0 || close > end || !regex.substring(at + 1, close).matches("[0-9]{1,3}")) {
					return null;
				}
				min = Integer.parseInt(regex.substring(at + 1, close));
				max = min;
				at = close + 1;
			}
			atoms.add(new Atom(set, negated, min, max));
		}
		for (int i = 0; i + 1 < atoms.size(); i++) {
			if (atoms.get(i).max != atoms.get(i).min && atoms.get(i).overlaps(atoms.get(i + 1))) {
				return null;
			}
		}
		Atom[] sequence = atoms.toArray(Atom[]::new);
		return (text) -> matches(sequence, text);
	}

	private static boolean matches(Atom[] atoms, String text) {
		int at = 0;
		for (Atom atom : atoms) {
			int count = 0;
			while (count < atom.max && at < text.length() && atom.matches(text.charAt(at))) {
				at++;
				count++;
			}
			if (count < atom.min) {
				return false;
			}
		}
		return at == text.length();
	}

	/**
	 * Adds a class body's characters, ranges and escapes to {@code set}; false if not
	 * simple.
	 */
	private static boolean addClass(String body, boolean[] set) {
		int i = 0;
		while (i < body.length()) {
			char c = body.charAt(i);
			if (c == '\\') {
				if (i + 1 >= body.length()) {
					return false;
				}
				char escaped = body.charAt(i + 1);
				if (escaped == 's') {
					// Java's \s without UNICODE_CHARACTER_CLASS.
					for (char space : new char[] { ' ', '\t', '\n', 0x0B, '\f', '\r' }) {
						set[space] = true;
					}
				}
				else if (isEscapedLiteral(escaped)) {
					set[escaped] = true;
				}
				else {
					return false;
				}
				i += 2;
			}
			else if (c == '[' || c == '&' || c >= 128) {
				return false;
			}
			else if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
				char last = body.charAt(i + 2);
				if (last == '\\' || last >= 128 || last < c) {
					return false;
				}
				for (char r = c; r <= last; r++) {
					set[r] = true;
				}
				i += 3;
			}
			else {
				set[c] = true;
				i++;
			}
		}
		return true;
	}

	private static boolean isEscapedLiteral(char c) {
		return ".-+*?()[]{}|^$\\/".indexOf(c) >= 0;
	}

	/**
	 * A character class (ASCII, possibly negated) repeated {@code min} to {@code max}
	 * times.
	 */
	private record Atom(boolean[] set, boolean negated, int min, int max) {

		boolean matches(char c) {
			return (c < 128) ? this.set[c] != this.negated : this.negated;
		}

		boolean overlaps(Atom next) {
			for (char c = 0; c < 128; c++) {
				if (matches(c) && next.matches(c)) {
					return true;
				}
			}
			return this.negated && next.negated;
		}

	}

}
