package io.shoplake.ingest.store;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link GcsObjectStore} against fake-gcs-server over real HTTP, for machines with Docker
 * (skipped without it; {@link GcsObjectStoreTests} on Google's {@code LocalStorageHelper}
 * always runs): create-if-absent through an upload session, read back, list.
 */
@Testcontainers(disabledWithoutDocker = true)
class FakeGcsServerTests {

	@Container
	static final GenericContainer<?> gcs = new GenericContainer<>(DockerImageName.parse("fsouza/fake-gcs-server:1.52"))
		.withExposedPorts(4443)
		.withCommand("-scheme", "http", "-port", "4443");

	@Test
	void createsOnceReadsBackAndLists() throws Exception {
		String url = "http://" + gcs.getHost() + ":" + gcs.getMappedPort(4443);
		// Upload sessions answer with a Location on the external URL: make it the mapped
		// one.
		HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url + "/_internal/config"))
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"externalUrl\":\"" + url + "\"}"))
				.build(), HttpResponse.BodyHandlers.discarding());
		Storage storage = StorageOptions.newBuilder()
			.setHost(url)
			.setProjectId("shoplake-test")
			.setCredentials(NoCredentials.getInstance())
			.build()
			.getService();
		storage.create(BucketInfo.of("lake"));
		GcsObjectStore store = new GcsObjectStore(storage, "lake");

		String name = "events/year=2026/month=11/day=25/a.ndjson.gz";
		store.create(name, "first".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(ObjectStore.ObjectExistsException.class)
			.isThrownBy(() -> store.create(name, "second".getBytes(StandardCharsets.UTF_8)));
		assertThat(new String(store.read(name), StandardCharsets.UTF_8)).isEqualTo("first");
		assertThat(store.list("events/")).isEqualTo(List.of(name));
	}

}
