package io.shoplake.producer.publish;

import java.nio.file.Path;

import io.shoplake.producer.ProducerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The publisher is picked by a property at start-up; an unknown value stops start-up with
 * a clear error.
 */
class PublisherSelectionTests {

	@TempDir
	Path data;

	@Test
	void unknownPublisherFailsStartUpNamingTheValue() {
		assertThatThrownBy(() -> start("--shoplake.producer.publisher=kafka").close()).hasStackTraceContaining("kafka")
			.hasStackTraceContaining("shoplake.producer.publisher");
	}

	@Test
	void pubsubWithoutGoogleCloudFailsStartUpSayingWhatIsMissing() {
		assertThatThrownBy(() -> start("--shoplake.producer.publisher=pubsub").close())
			.hasStackTraceContaining("needs Spring Cloud GCP Pub/Sub");
	}

	@Test
	void fileAndLocalPushAreWiredByName() {
		try (ConfigurableApplicationContext file = start("--shoplake.producer.publisher=file")) {
			assertThat(file.getBean(MessagePublisher.class)).isInstanceOf(FileSinkPublisher.class);
		}
		try (ConfigurableApplicationContext push = start("--shoplake.producer.publisher=local-push")) {
			assertThat(push.getBean(MessagePublisher.class)).isInstanceOf(LocalPushPublisher.class);
		}
	}

	private ConfigurableApplicationContext start(String publisher) {
		return ProducerApplication.application()
			.run("--server.port=0", publisher, "--shoplake.producer.ledger.file=" + this.data.resolve("ledger.json"),
					"--shoplake.producer.file.lake-directory=" + this.data.resolve("lake"));
	}

}
