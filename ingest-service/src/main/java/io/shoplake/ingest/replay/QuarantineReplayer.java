package io.shoplake.ingest.replay;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

import io.shoplake.events.EventCodec;
import io.shoplake.events.Timestamps;
import io.shoplake.events.lake.LakeLayout;
import io.shoplake.events.lake.LakeLine;
import io.shoplake.events.lake.NdjsonGzip;
import io.shoplake.events.lake.QuarantineRecord;
import io.shoplake.events.validation.EventValidator;
import io.shoplake.events.validation.Stage;
import io.shoplake.events.validation.ValidationResult;
import io.shoplake.ingest.IngestProperties;
import io.shoplake.ingest.store.ObjectStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-validates quarantined messages (after a schema or rule fix) and moves those that now
 * pass to the lake, exactly once. Quarantine objects are immutable, so what was replayed
 * is recorded beside them: for a quarantine object {@code failed/<day>/<part>}, each
 * replay that lands lines from it writes the lake object
 * {@code events/<day>/replay-<part>-<n>} and then the marker
 * {@code replayed/<day>/<part>/<n>.json} listing the lines it took. Both are
 * create-if-absent, so a replay that crashed between the two finds the lake object on its
 * next run and records it rather than writing its lines again.
 *
 * <p>
 * Only payloads can be re-validated: records at stage {@code envelope} or {@code base64}
 * hold no event a fix could make valid and are left where they are.
 */
public final class QuarantineReplayer {

	private static final Logger log = LoggerFactory.getLogger(QuarantineReplayer.class);

	private static final Set<String> REPLAYABLE = Set.of(Stage.SIZE.wireName(), Stage.JSON.wireName(),
			Stage.SCHEMA.wireName(), Stage.SEMANTIC.wireName());

	private final ObjectStore quarantine;

	private final ObjectStore lake;

	private final EventValidator validator;

	private final EventCodec codec;

	private final Clock clock;

	private final int maxMessageBytes;

	private final ReentrantLock running = new ReentrantLock();

	public QuarantineReplayer(ObjectStore quarantine, ObjectStore lake, EventValidator validator, EventCodec codec,
			Clock clock, IngestProperties properties) {
		this.quarantine = quarantine;
		this.lake = lake;
		this.validator = validator;
		this.codec = codec;
		this.clock = clock;
		this.maxMessageBytes = properties.maxMessageBytes();
	}

	/**
	 * Replays the quarantine partitions {@code from} to {@code to} (publish days,
	 * inclusive), only records at {@code stage} when it is not null.
	 * @throws ReplayInProgressException if another replay is running
	 */
	public ReplayResult replay(LocalDate from, LocalDate to, String stage) throws IOException {
		if (!this.running.tryLock()) {
			throw new ReplayInProgressException();
		}
		try {
			Tally tally = new Tally();
			for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
				for (String source : this.quarantine.list(LakeLayout.folder(LakeLayout.FAILED, day) + "/")) {
					if (LakeLayout.isObject(LakeLayout.FAILED, source)) {
						replayObject(source, stage, tally);
					}
				}
			}
			return tally.result();
		}
		finally {
			this.running.unlock();
		}
	}

	private void replayObject(String source, String stage, Tally tally) throws IOException {
		String relative = source.substring(LakeLayout.FAILED.length() + 1);
		String markers = LakeLayout.REPLAYED + "/" + relative + "/";
		List<String> done = this.quarantine.list(markers);
		BitSet replayed = new BitSet();
		for (String marker : done) {
			for (JsonNode index : this.codec.mapper().readTree(this.quarantine.read(marker)).path("lines")) {
				replayed.set(index.asInt());
			}
		}
		List<ObjectNode> records;
		try {
			records = lines(this.quarantine.read(source));
		}
		catch (IOException | RuntimeException ex) {
			// A corrupt or partial object (or one the store could not give): skipped and
			// reported, the rest replayed; nothing of it is marked, so a later replay
			// tries it again.
			log.warn("replay skipped {}: {}", source, ex.toString());
			tally.unreadable.add(source + ": " + ex.getMessage());
			return;
		}
		Map<LocalDate, List<Candidate>> passing = new LinkedHashMap<>();
		Instant now = this.clock.instant();
		for (int i = 0; i < records.size(); i++) {
			ObjectNode record = records.get(i);
			String recordStage = record.path(QuarantineRecord.STAGE).asString("");
			if (stage != null && !stage.equals(recordStage)) {
				continue;
			}
			tally.examined++;
			if (replayed.get(i)) {
				tally.alreadyReplayed++;
				continue;
			}
			if (!REPLAYABLE.contains(recordStage)) {
				tally.notReplayable("stage " + recordStage + ": no event to validate again");
				continue;
			}
			if (record.path(QuarantineRecord.PUBLISH_TIME).isNull()) {
				tally.notReplayable("no usable publish time: the lake partition is unknown");
				continue;
			}
			if (record.path(QuarantineRecord.PAYLOAD_TRUNCATED).asBoolean(false)) {
				tally.notReplayable("payload truncated: only a prefix of an oversized payload is stored");
				continue;
			}
			byte[] payload = Base64.getDecoder().decode(record.path(QuarantineRecord.PAYLOAD_BASE64).asString(""));
			ValidationResult result = (payload.length > this.maxMessageBytes) ? null : this.validator.validate(payload);
			if (!(result instanceof ValidationResult.Valid valid)) {
				tally.stillInvalid++;
				continue;
			}
			Instant publishTime = Timestamps.parse(record.path(QuarantineRecord.PUBLISH_TIME).asString());
			String messageId = record.path(QuarantineRecord.MESSAGE_ID).asString(null);
			JsonNode attempt = record.path(QuarantineRecord.DELIVERY_ATTEMPT);
			byte[] line = LakeLine.of(valid.json(), messageId, publishTime,
					attempt.isIntegralNumber() ? attempt.intValue() : null, now);
			passing.computeIfAbsent(LakeLayout.dayOf(publishTime), (key) -> new ArrayList<>())
				.add(new Candidate(i, messageId, line));
		}
		if (passing.isEmpty()) {
			return;
		}
		int round = done.size() + 1;
		String part = relative.substring(relative.lastIndexOf('/') + 1).replace(LakeLayout.SUFFIX, "");
		List<Integer> landed = new ArrayList<>();
		for (Map.Entry<LocalDate, List<Candidate>> partition : passing.entrySet()) {
			String target = LakeLayout.replayObjectName(partition.getKey(), part, round);
			List<Candidate> candidates = partition.getValue();
			try {
				this.lake.create(target, NdjsonGzip.encode(candidates.stream().map(Candidate::line).toList()));
				candidates.forEach((candidate) -> landed.add(candidate.index()));
				tally.replayed += candidates.size();
				tally.lakeObjects.add(target);
			}
			catch (ObjectStore.ObjectExistsException ex) {
				// An earlier replay wrote this object and stopped before its marker: its
				// lines are in the lake already. Record them; anything else passing now
				// is
				// left for the next replay.
				Set<String> inLake = messageIds(this.lake.read(target));
				for (Candidate candidate : candidates) {
					if (inLake.contains(candidate.messageId())) {
						landed.add(candidate.index());
						tally.alreadyReplayed++;
					}
				}
			}
		}
		ObjectNode marker = this.codec.mapper().createObjectNode();
		marker.put("source", source);
		marker.put("replayed_at", Timestamps.format(now));
		ArrayNode lines = marker.putArray("lines");
		landed.forEach(lines::add);
		this.quarantine.create(markers + String.format("%04d", round) + ".json",
				this.codec.mapper().writeValueAsBytes(marker));
	}

	private List<ObjectNode> lines(byte[] gzipped) throws IOException {
		List<ObjectNode> records = new ArrayList<>();
		for (String line : NdjsonGzip.decode(gzipped)) {
			records.add((ObjectNode) this.codec.mapper().readTree(line));
		}
		return records;
	}

	private Set<String> messageIds(byte[] gzipped) throws IOException {
		Set<String> ids = new HashSet<>();
		for (ObjectNode line : lines(gzipped)) {
			ids.add(line.path(LakeLine.MESSAGE_ID).asString());
		}
		return ids;
	}

	private record Candidate(int index, String messageId, byte[] line) {
	}

	private static final class Tally {

		int examined;

		int replayed;

		int stillInvalid;

		int alreadyReplayed;

		int notReplayable;

		final Map<String, Integer> notReplayableReasons = new TreeMap<>();

		final List<String> lakeObjects = new ArrayList<>();

		final List<String> unreadable = new ArrayList<>();

		void notReplayable(String reason) {
			this.notReplayable++;
			this.notReplayableReasons.merge(reason, 1, Integer::sum);
		}

		ReplayResult result() {
			return new ReplayResult(this.examined, this.replayed, this.stillInvalid, this.alreadyReplayed,
					this.notReplayable, Map.copyOf(this.notReplayableReasons), List.copyOf(this.lakeObjects),
					List.copyOf(this.unreadable));
		}

	}

	/** Another replay is running; replays run one at a time. */
	public static final class ReplayInProgressException extends RuntimeException {

		ReplayInProgressException() {
			super("a replay is already running; try again when it has finished");
		}

	}

}
