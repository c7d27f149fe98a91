package io.shoplake.producer.publish;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.time.LocalDate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import io.shoplake.events.EventCodec;
import io.shoplake.events.SampleEventsForProducer;
import io.shoplake.producer.defects.OutgoingMessage;
import io.shoplake.producer.defects.PoisonKind;
import io.shoplake.producer.defects.DefectInjector;
import io.shoplake.events.ledger.LedgerDay;
import io.shoplake.producer.ledger.Ledger;
import io.shoplake.producer.simulation.ShopperSimulator;
import io.shoplake.producer.simulation.SimulationProperties;
import io.shoplake.producer.traffic.Backfill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class FileSinkPublisherTests {

	private static final Instant INGESTED = Instant.parse("2026-11-25T10:00:00Z");

	private final EventCodec codec = new EventCodec();

	@Test
	void writesTheLakeLayoutPartitionedByPublishTimeAndAcksAfterTheWrite(@TempDir Path lake) throws IOException {
		FileSinkPublisher sink = new FileSinkPublisher(lake, 2, Clock.fixed(INGESTED, ZoneOffset.UTC), 2);
		var event = SampleEventsForProducer.pageView(Instant.parse("2026-11-23T23:59:00Z"));
		OutgoingMessage onTime = message(event, Instant.parse("2026-11-23T23:59:00Z"), false);
		OutgoingMessage late = message(event, Instant.parse("2026-11-24T00:30:00Z"), true);
		OutgoingMessage third = message(event, Instant.parse("2026-11-23T23:59:30Z"), false);
		CompletableFuture<Void> first = sink.publish(onTime, onTime.publishAt());
		CompletableFuture<Void> second = sink.publish(late, late.publishAt());
		assertThat(first).isNotDone();
		CompletableFuture<Void> full = sink.publish(third, third.publishAt());
		// A full object is handed to the writers; the other partition's waits for a
		// flush.
		assertThat(first).succeedsWithin(Duration.ofSeconds(10));
		assertThat(full).succeedsWithin(Duration.ofSeconds(10));
		assertThat(second).isNotDone();
		sink.flush();
		assertThat(second).succeedsWithin(Duration.ofSeconds(10));
		sink.close();

		List<Path> objects;
		try (Stream<Path> files = Files.walk(lake)) {
			objects = files.filter(Files::isRegularFile).sorted().toList();
		}
		assertThat(objects).extracting((path) -> lake.relativize(path).getParent().toString())
			.containsExactly("events/year=2026/month=11/day=23", "events/year=2026/month=11/day=24");
		assertThat(objects).allSatisfy((path) -> assertThat(path.getFileName().toString())
			.matches("part-file-[0-9a-f]{8}-[0-9]{8}\\.ndjson\\.gz"));
		List<JsonNode> day23 = lines(objects.get(0));
		assertThat(day23).hasSize(2);
		assertThat(day23.get(0).get("event_id").stringValue()).isEqualTo(event.eventId().toString());
		assertThat(day23.get(0).get("_publish_time").stringValue()).isEqualTo("2026-11-23T23:59:00.000Z");
		assertThat(day23.get(0).get("_ingested_at").stringValue()).isEqualTo("2026-11-25T10:00:00.000Z");
		assertThat(day23.get(0).get("_message_id").stringValue())
			.isNotEqualTo(day23.get(1).get("_message_id").stringValue());
		assertThat(lines(objects.get(1)).get(0).get("_publish_time").stringValue())
			.isEqualTo("2026-11-24T00:30:00.000Z");
	}

	@Test
	void refusesPoison(@TempDir Path lake) {
		FileSinkPublisher sink = new FileSinkPublisher(lake, 10, Clock.systemUTC(), 1);
		var event = SampleEventsForProducer.pageView(Instant.parse("2026-11-23T10:00:00Z"));
		OutgoingMessage poison = new OutgoingMessage(OutgoingMessage.Kind.POISON, new byte[0], event, PoisonKind.EMPTY,
				event.occurredAt(), false, Map.of());
		assertThat(sink.acceptsPoison()).isFalse();
		assertThat(sink.publish(poison, poison.publishAt())).isCompletedExceptionally();
		sink.close();
	}

	@Test
	void aFailedWriteFailsEveryMessageOfItsObjectAndNoOther(@TempDir Path folder) throws IOException {
		Path lake = folder.resolve("lake");
		Files.writeString(lake, "a file where the lake should be");
		try (FileSinkPublisher sink = new FileSinkPublisher(lake, 1_000, Clock.systemUTC(), 2)) {
			var event = SampleEventsForProducer.pageView(Instant.parse("2026-11-23T10:00:00Z"));
			List<CompletableFuture<Void>> written = publishSecondsApart(sink, event, 3);
			sink.flush();
			assertThat(written).allSatisfy((future) -> assertThat(future).failsWithin(Duration.ofSeconds(10))
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.withMessageContaining("could not write"));
			Files.delete(lake);
			OutgoingMessage next = message(event, event.occurredAt().plusSeconds(10), false);
			CompletableFuture<Void> after = sink.publish(next, next.publishAt());
			sink.flush();
			assertThat(after).as("the next object is written").succeedsWithin(Duration.ofSeconds(10));
		}
	}

	@Test
	void closingWritesWhatIsBufferedAndWaitsForTheWrites(@TempDir Path lake) throws IOException {
		FileSinkPublisher sink = new FileSinkPublisher(lake, 1_000, Clock.systemUTC(), 2);
		var event = SampleEventsForProducer.pageView(Instant.parse("2026-11-23T10:00:00Z"));
		List<CompletableFuture<Void>> written = publishSecondsApart(sink, event, 2_500);
		sink.close();
		assertThat(written).allMatch((future) -> future.isDone() && !future.isCompletedExceptionally());
		try (Stream<Path> files = Files.walk(lake)) {
			List<Path> objects = files.filter(Files::isRegularFile).toList();
			assertThat(objects).as("1,000 + 1,000 + 500 lines").hasSize(3);
			long lines = 0;
			for (Path object : objects) {
				lines += lines(object).size();
			}
			assertThat(lines).isEqualTo(2_500);
		}
	}

	/**
	 * The run loop lets the sink hold whole objects unacknowledged while others are being
	 * written: a backfill with the service's default window (256) writes objects of
	 * thousands of lines, one per partition and simulated hour, not objects cut at the
	 * window (or of one line, as when the loop resumed at the first acknowledgement).
	 */
	@Test
	void aBackfillWritesWholeObjectsWhateverTheConfiguredWindow(@TempDir Path lake) throws IOException {
		Ledger ledger = new Ledger(ShopperSimulator::campaignOfClick);
		Instant start = Instant.parse("2026-11-20T00:00:00Z");
		try (FileSinkPublisher sink = new FileSinkPublisher(lake, 5_000, Clock.systemUTC(), 2)) {
			assertThat(sink.window(256)).isEqualTo(15_000);
			assertThat(sink.window(20_000)).isEqualTo(20_000);
			Backfill.run(SimulationProperties.defaults(5L).withSessionsPerHour(600),
					new DefectInjector(this.codec, 5L, 0.0, 0.0, 0.0), sink, ledger, start, 1, 256);
		}
		// Sessions that began before midnight may end after it: every day the run wrote.
		Map<LocalDate, LedgerDay> days = ledger.between(LocalDate.MIN, LocalDate.MAX);
		List<Integer> sizes = new ArrayList<>();
		long orders = 0;
		long sessions = 0;
		try (Stream<Path> files = Files.walk(lake)) {
			for (Path object : files.filter(Files::isRegularFile).toList()) {
				List<JsonNode> lines = lines(object);
				sizes.add(lines.size());
				for (JsonNode line : lines) {
					String type = line.get("event_type").stringValue();
					orders += type.equals("order_completed") ? 1 : 0;
					sessions += type.equals("session_started") ? 1 : 0;
				}
			}
		}
		assertThat(orders).as("every order the ledger counted is in the lake")
			.isEqualTo(days.values().stream().mapToLong(LedgerDay::orders).sum())
			.isPositive();
		assertThat(sessions).isEqualTo(days.values().stream().mapToLong(LedgerDay::sessions).sum());
		assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isGreaterThan(24 * 1_000);
		assertThat(sizes).as("objects per hour and partition, or full ones").hasSizeLessThanOrEqualTo(2 * 24 + 2);
	}

	/** Publishes {@code count} copies of {@code event}, due a second apart from it. */
	private List<CompletableFuture<Void>> publishSecondsApart(FileSinkPublisher sink, io.shoplake.events.Event event,
			int count) {
		List<CompletableFuture<Void>> published = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			OutgoingMessage message = message(event, event.occurredAt().plusSeconds(i), false);
			published.add(sink.publish(message, message.publishAt()));
		}
		return published;
	}

	private OutgoingMessage message(io.shoplake.events.Event event, Instant publishAt, boolean late) {
		return new OutgoingMessage(OutgoingMessage.Kind.VALID, this.codec.toBytes(event), event, null, publishAt, late,
				Map.of("event_type", event.eventType()));
	}

	private List<JsonNode> lines(Path object) throws IOException {
		List<JsonNode> lines = new ArrayList<>();
		try (InputStream in = new GZIPInputStream(Files.newInputStream(object))) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				lines.add(this.codec.readTree(line.getBytes(StandardCharsets.UTF_8)));
			}
		}
		return lines;
	}

}
