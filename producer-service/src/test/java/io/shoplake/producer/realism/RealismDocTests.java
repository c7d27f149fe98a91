package io.shoplake.producer.realism;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/realism.md} shows the bands of {@code realism/bands.yml} as they are: a
 * band or source changed in the file without the page is a failure.
 */
class RealismDocTests {

	@Test
	void thePageShowsTheBandsAndTheirSources() throws IOException {
		String page = Files.readString(Path.of("..", "docs", "realism.md"), StandardCharsets.UTF_8);
		assertThat(page).as("docs/realism.md lists the bands of realism/bands.yml; paste Bands.load().markdown()")
			.contains(Bands.load().markdown().strip());
		for (Bands.Band band : Bands.load().bands()) {
			assertThat(band.sources()).as(band.id()).isNotEmpty();
			assertThat(band.min()).as(band.id()).isLessThan(band.max());
		}
	}

}
