package io.shoplake.ingest.crash;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.shoplake.ingest.IngestApplication;
import io.shoplake.ingest.IngestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingest in a process of its own, on the test's classpath, with its stores under a folder
 * and its output in a log file: what a crash or a small heap does to it cannot touch the
 * test's JVM.
 */
final class ForkedIngest {

	private ForkedIngest() {
	}

	/**
	 * Starts ingest on {@code port} with heap {@code -Xmx<heap>}, stores under
	 * {@code data}.
	 */
	static Process start(Path data, int port, String heap, Path log) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return new ProcessBuilder(List.of(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
				IngestApplication.class.getName(), "--server.port=" + port,
				"--shoplake.ingest.lake-directory=" + data.resolve("lake"),
				"--shoplake.ingest.quarantine-directory=" + data.resolve("quarantine"), "--logging.level.root=WARN"))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	/** Waits (bounded) until the process answers its readiness probe. */
	static void awaitReady(int port, Process process) {
		IngestClient client = new IngestClient(port);
		await("ingest ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertThat(process.isAlive()).as("ingest process alive").isTrue();
			try {
				return client.get("/actuator/health/readiness").statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
