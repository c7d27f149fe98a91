package io.shoplake.events;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written writer against the codec's Jackson mapper, byte for byte: the sample
 * events, and seeded random records of every type built through their canonical
 * constructors (so a field added to a record is covered without touching this test), with
 * strings that need every kind of escape, non-ASCII text, nulls and extreme numbers and
 * timestamps. The producer's tests compare a simulated day the same way.
 */
class EventWriterTests {

	private final EventCodec codec = new EventCodec();

	/**
	 * Characters drawn for random strings: plain ASCII, every control character, quote,
	 * backslash, slash, DEL, Latin, Greek, CJK, the line separators JavaScript minds, an
	 * emoji (a surrogate pair), surrogates alone and the last BMP character.
	 */
	private static final String ALPHABET;

	static {
		StringBuilder alphabet = new StringBuilder("abcXYZ019 -_.,:;/<>&'=?#@+");
		for (char c = 0; c < 0x20; c++) {
			alphabet.append(c);
		}
		alphabet.append("\"\\\ud800\udfff\u007f\u0080\u00e9\u00df\u00fc\u03a9\u20ac\u2028\u2029\u4e2d\ufeff\uffff");
		ALPHABET = alphabet.toString();
	}

	private static final String EMOJI = "\ud83d\uded2";

	@Test
	void theSampleEventsAreWrittenAsTheMapperWritesThem() {
		for (Event event : SampleEvents.all()) {
			assertThat(text(this.codec.toBytes(event))).as(event.eventType())
				.isEqualTo(text(this.codec.mapper().writeValueAsBytes(event)));
		}
		assertThat(text(this.codec.toBytes(SampleEvents.vatIncludedOrder())))
			.isEqualTo(text(this.codec.mapper().writeValueAsBytes(SampleEvents.vatIncludedOrder())));
	}

	@Test
	void randomRecordsOfEveryTypeAreWrittenAsTheMapperWritesThem() throws Exception {
		Random random = new Random(20261201L);
		Map<EventType, Integer> written = new EnumMap<>(EventType.class);
		int escaped = 0;
		for (int i = 0; i < 30_000; i++) {
			EventType type = EventType.values()[random.nextInt(EventType.values().length)];
			Event event = randomEvent(type.recordClass(), random);
			byte[] expected = this.codec.mapper().writeValueAsBytes(event);
			byte[] actual = this.codec.toBytes(event);
			if (!Arrays.equals(actual, expected)) {
				assertThat(text(actual)).as("event %d, %s", i, type).isEqualTo(text(expected));
			}
			written.merge(type, 1, Integer::sum);
			escaped += text(expected).contains("\\u00") ? 1 : 0;
		}
		assertThat(written).as("every type was written").hasSize(EventType.values().length);
		assertThat(escaped).as("control characters were escaped").isGreaterThan(1_000);
	}

	/**
	 * A simulation shares its few devices and places among all its events, and the writer
	 * copies the bytes it wrote for such an object the last time. Drawn here from a pool
	 * larger than the writer keeps, with objects of equal fields and of no fields, by one
	 * new writer: every event must still be the mapper's bytes.
	 */
	@Test
	void sharedDevicesAndPlacesAreWrittenAsTheMapperWritesThemEveryTime() throws Exception {
		Random random = new Random(20261203L);
		List<Device> devices = new ArrayList<>();
		List<Geo> places = new ArrayList<>();
		for (int i = 0; i < 3_000; i++) {
			devices.add(new Device(randomString(random), randomString(random), randomString(random)));
			places.add(new Geo(randomString(random), randomString(random), randomString(random)));
		}
		for (int i = 0; i < 100; i++) {
			devices.add(new Device("mobile", "iOS", "Safari"));
			places.add(new Geo(null, null, null));
		}
		EventWriter writer = new EventWriter();
		for (int i = 0; i < 60_000; i++) {
			// Most events draw from the first few hundred objects, as a shop's do.
			int bound = (random.nextInt(4) == 0) ? devices.size() : 300;
			Device device = (random.nextInt(20) == 0) ? null : devices.get(random.nextInt(bound));
			Geo geo = (random.nextInt(20) == 0) ? null : places.get(random.nextInt(bound));
			EventType type = EventType.values()[random.nextInt(EventType.values().length)];
			Event event = withDeviceAndGeo(randomEvent(type.recordClass(), random), device, geo);
			byte[] expected = this.codec.mapper().writeValueAsBytes(event);
			byte[] actual = writer.toBytes(event);
			if (!Arrays.equals(actual, expected)) {
				assertThat(text(actual)).as("event %d, %s", i, type).isEqualTo(text(expected));
			}
		}
	}

	/**
	 * The events of a session, written one after the other, share their session, visitor,
	 * customer, device and place, and the writer copies the block it wrote for them the
	 * last time. Drawn here as sessions of random types and lengths, where at any event
	 * one of the five may change: to an equal string that is another object, to another
	 * value, to null, or (the customer) from none to one as a shopper registers; some
	 * blocks too long to keep. Every event must still be the mapper's bytes.
	 */
	@Test
	void aSessionsEventsOneAfterAnotherAreWrittenAsTheMapperWritesThem() throws Exception {
		Random random = new Random(20261204L);
		EventWriter writer = new EventWriter();
		int events = 0;
		int unchanged = 0;
		while (events < 60_000) {
			Object[] visit = { randomString(random), randomString(random),
					(random.nextInt(3) == 0) ? randomString(random) : null,
					new Device(randomString(random), randomString(random), randomString(random)),
					new Geo(randomString(random), randomString(random), randomString(random)) };
			if (random.nextInt(200) == 0) {
				visit[0] = "x".repeat(5_000);
			}
			int length = 1 + random.nextInt(15);
			for (int i = 0; i < length; i++, events++) {
				boolean changed = random.nextInt(4) == 0;
				if (changed) {
					int which = random.nextInt(visit.length);
					visit[which] = switch (random.nextInt(4)) {
						case 0 -> (visit[which] instanceof String text) ? new String(text) : visit[which];
						case 1 -> (which == 3) ? new Device("mobile", "iOS", "Safari")
								: (which == 4) ? new Geo("DE", "Berlin", "Berlin") : randomString(random);
						case 2 -> null;
						default -> (which == 2 && visit[2] == null) ? "cus_" + randomString(random) : visit[which];
					};
				}
				unchanged += (i > 0 && !changed) ? 1 : 0;
				EventType type = EventType.values()[random.nextInt(EventType.values().length)];
				Event event = withVisit(randomEvent(type.recordClass(), random), visit);
				byte[] expected = this.codec.mapper().writeValueAsBytes(event);
				byte[] actual = writer.toBytes(event);
				if (!Arrays.equals(actual, expected)) {
					assertThat(text(actual)).as("event %d, %s", events, type).isEqualTo(text(expected));
				}
			}
		}
		assertThat(unchanged).as("events whose five objects were the last event's").isGreaterThan(30_000);
	}

	@Test
	void loneSurrogatesAreEscapedAsTheMapperEscapesThem() {
		PageViewed broken = new PageViewed(UUID.randomUUID(), 1, SampleEvents.NOW, "ses_1", "anon_1", null,
				new Device("mobile", "iOS", "Safari"), new Geo("DE", "Bavaria", "Munich"), "home",
				"/\ud83d?\udc00" + EMOJI);
		assertThat(text(this.codec.toBytes(broken))).endsWith("\"url\":\"/\\uD83D?\\uDC00\ud83d\uded2\"}")
			.isEqualTo(text(this.codec.mapper().writeValueAsBytes(broken)));
	}

	@Test
	void oneWriterServesEventsOfAnySizeOneAfterAnother() {
		String large = "x".repeat(100_000);
		PageViewed big = new PageViewed(UUID.randomUUID(), 1, SampleEvents.NOW, "ses_1", "anon_1", null, null, null,
				"home", large);
		PageViewed small = new PageViewed(UUID.randomUUID(), 1, SampleEvents.NOW, "ses_1", "anon_1", null, null, null,
				"home", "/");
		assertThat(this.codec.toBytes(big)).isEqualTo(this.codec.mapper().writeValueAsBytes(big));
		assertThat(this.codec.toBytes(small)).isEqualTo(this.codec.mapper().writeValueAsBytes(small));
	}

	private static Event randomEvent(Class<? extends Event> type, Random random) throws Exception {
		RecordComponent[] components = type.getRecordComponents();
		Class<?>[] types = new Class<?>[components.length];
		Object[] values = new Object[components.length];
		for (int i = 0; i < components.length; i++) {
			types[i] = components[i].getType();
			values[i] = randomValue(components[i].getGenericType(), random);
		}
		Constructor<? extends Event> constructor = type.getDeclaredConstructor(types);
		return constructor.newInstance(values);
	}

	/** {@code event} with the given device and place instead of its own. */
	private static Event withDeviceAndGeo(Event event, Device device, Geo geo) throws Exception {
		return with(event, Map.of(), device, geo);
	}

	/**
	 * {@code event} with the given session, visitor, customer, device and place (in that
	 * order) instead of its own.
	 */
	private static Event withVisit(Event event, Object[] visit) throws Exception {
		Map<String, Object> strings = new java.util.HashMap<>();
		strings.put("sessionId", visit[0]);
		strings.put("anonymousId", visit[1]);
		strings.put("customerId", visit[2]);
		return with(event, strings, (Device) visit[3], (Geo) visit[4]);
	}

	/** {@code event} with the named string components, device and place replaced. */
	private static Event with(Event event, Map<String, Object> strings, Device device, Geo geo) throws Exception {
		RecordComponent[] components = event.getClass().getRecordComponents();
		Class<?>[] types = new Class<?>[components.length];
		Object[] values = new Object[components.length];
		for (int i = 0; i < components.length; i++) {
			types[i] = components[i].getType();
			values[i] = (types[i] == Device.class) ? device
					: (types[i] == Geo.class) ? geo : strings.containsKey(components[i].getName())
							? strings.get(components[i].getName()) : components[i].getAccessor().invoke(event);
		}
		return event.getClass().getDeclaredConstructor(types).newInstance(values);
	}

	private static Object randomValue(Type type, Random random) {
		if (type == int.class) {
			return switch (random.nextInt(4)) {
				case 0 -> Integer.MIN_VALUE;
				case 1 -> Integer.MAX_VALUE;
				default -> random.nextInt();
			};
		}
		if (type == long.class) {
			return switch (random.nextInt(6)) {
				case 0 -> Long.MIN_VALUE;
				case 1 -> Long.MAX_VALUE;
				case 2 -> 0L;
				case 3 -> (long) random.nextInt(1000);
				default -> random.nextLong();
			};
		}
		if (type == boolean.class) {
			return random.nextBoolean();
		}
		if (type instanceof ParameterizedType list) {
			// The records copy their lists, which holds no nulls.
			Type element = list.getActualTypeArguments()[0];
			List<Object> values = new ArrayList<>();
			for (int n = random.nextInt(4); n > 0; n--) {
				values.add((element == String.class) ? Objects.requireNonNullElse(randomString(random), "")
						: randomLine(random));
			}
			return values;
		}
		if (random.nextInt(8) == 0) {
			return null;
		}
		if (type == String.class) {
			return randomString(random);
		}
		if (type == UUID.class) {
			return new UUID(random.nextLong(), random.nextLong());
		}
		if (type == Instant.class) {
			return switch (random.nextInt(5)) {
				case 0 ->
					Instant.ofEpochSecond(-62_167_219_200L - random.nextInt(1_000_000), random.nextInt(1_000_000_000));
				case 1 ->
					Instant.ofEpochSecond(253_402_300_800L + random.nextInt(1_000_000), random.nextInt(1_000_000_000));
				default -> Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
			};
		}
		if (type == LocalDate.class) {
			return LocalDate.ofEpochDay(random.nextInt(3_000_000) - 1_000_000);
		}
		if (type == Device.class) {
			return new Device(randomString(random), randomString(random), randomString(random));
		}
		if (type == Geo.class) {
			return new Geo(randomString(random), randomString(random), randomString(random));
		}
		throw new IllegalStateException("no random value for " + type);
	}

	private static OrderLine randomLine(Random random) {
		return new OrderLine(randomString(random), randomString(random), randomString(random), randomString(random),
				random.nextInt(), random.nextLong(), random.nextInt(100));
	}

	private static String randomString(Random random) {
		if (random.nextInt(8) == 0) {
			return null;
		}
		int length = random.nextInt(3) == 0 ? random.nextInt(40) : random.nextInt(6);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			if (random.nextInt(30) == 0) {
				text.append(EMOJI);
			}
			else {
				text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
			}
		}
		return text.toString();
	}

	private static String text(byte[] json) {
		return new String(json, StandardCharsets.UTF_8);
	}

}
