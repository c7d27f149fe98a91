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
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import io.shoplake.events.EventCodec;
import io.shoplake.events.SampleEventsForProducer;
import io.shoplake.producer.defects.OutgoingMessage;
import io.shoplake.producer.defects.PoisonKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class FileSinkPublisherTests {

	private static final Instant INGESTED = Instant.parse("2026-11-25T10:00:00Z");

	private final EventCodec codec = new EventCodec();

	@Test
	void writesTheLakeLayoutPartitionedByPublishTimeAndAcksAfterTheWrite(@TempDir Path lake) throws IOException {
		FileSinkPublisher sink = new FileSinkPublisher(lake, 2, Clock.fixed(INGESTED, ZoneOffset.UTC));
		var event = SampleEventsForProducer.pageView(Instant.parse("2026-11-23T23:59:00Z"));
		OutgoingMessage onTime = message(event, Instant.parse("2026-11-23T23:59:00Z"), false);
		OutgoingMessage late = message(event, Instant.parse("2026-11-24T00:30:00Z"), true);
		OutgoingMessage third = message(event, Instant.parse("2026-11-23T23:59:30Z"), false);
		CompletableFuture<Void> first = sink.publish(onTime, onTime.publishAt());
		CompletableFuture<Void> second = sink.publish(late, late.publishAt());
		assertThat(first).isNotDone();
		CompletableFuture<Void> full = sink.publish(third, third.publishAt());
		assertThat(first).isCompleted();
		assertThat(full).isCompleted();
		assertThat(second).isNotDone();
		sink.flush();
		assertThat(second).isCompleted();

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
		FileSinkPublisher sink = new FileSinkPublisher(lake, 10, Clock.systemUTC());
		var event = SampleEventsForProducer.pageView(Instant.parse("2026-11-23T10:00:00Z"));
		OutgoingMessage poison = new OutgoingMessage(OutgoingMessage.Kind.POISON, new byte[0], event, PoisonKind.EMPTY,
				event.occurredAt(), false, Map.of());
		assertThat(sink.acceptsPoison()).isFalse();
		assertThat(sink.publish(poison, poison.publishAt())).isCompletedExceptionally();
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
