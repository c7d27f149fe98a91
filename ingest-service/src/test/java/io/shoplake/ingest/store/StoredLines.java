package io.shoplake.ingest.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.shoplake.events.EventCodec;
import tools.jackson.databind.JsonNode;

/** Reads back every NDJSON line of the gzip objects under a prefix, for assertions. */
public final class StoredLines {

	private static final EventCodec codec = new EventCodec();

	private StoredLines() {
	}

	public static List<String> text(ObjectStore store, String name) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(store.read(name)))) {
			return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
		}
	}

	public static List<JsonNode> json(ObjectStore store, String prefix) throws IOException {
		List<JsonNode> lines = new ArrayList<>();
		for (String name : store.list(prefix)) {
			for (String line : text(store, name)) {
				lines.add(codec.readTree(line.getBytes(StandardCharsets.UTF_8)));
			}
		}
		return lines;
	}

}
