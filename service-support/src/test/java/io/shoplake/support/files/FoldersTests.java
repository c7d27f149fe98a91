package io.shoplake.support.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FoldersTests {

	@TempDir
	Path temp;

	@Test
	void aFolderIsDeletedWithEverythingUnderItAndNothingBeside() throws IOException {
		Path root = this.temp.resolve("lake");
		Path day = Files.createDirectories(root.resolve("events/year=2026/month=11/day=02"));
		Files.writeString(day.resolve("part-1.ndjson.gz"), "x");
		Files.writeString(root.resolve("events/_ledger.json"), "{}");
		Files.createDirectories(root.resolve("quarantine/empty"));
		Path beside = Files.writeString(this.temp.resolve("lake-other.txt"), "kept");
		Folders.delete(root);
		assertThat(root).doesNotExist();
		assertThat(beside).hasContent("kept");
	}

	@Test
	void aFolderThatIsNotThereIsNothingToDelete() throws IOException {
		Path missing = this.temp.resolve("missing");
		Folders.delete(missing);
		assertThat(missing).doesNotExist();
		assertThat(this.temp).isDirectory();
	}

}
