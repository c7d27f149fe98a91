package io.shoplake.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/cloudbuild.yaml} read as Cloud Build would: substitutions applied
 * ({@code $NAME}, {@code ${NAME}}, {@code $$} for a shell's own {@code $}), steps in
 * order. The step that chooses the tag and the state bucket is run with bash, as a
 * trigger and as a manual submit (empty {@code SHORT_SHA}) would run it.
 */
class CloudBuildTests {

	private static final Pattern SUBSTITUTION = Pattern
		.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}|\\$([A-Z_][A-Z0-9_]*)");

	@TempDir
	Path workspace;

	@Test
	void anEmptyProjectGetsItsApisAndRepositoryBeforeTheImagesAndTheRest() throws IOException {
		List<Map<String, Object>> steps = steps();
		assertThat(steps).extracting((step) -> step.get("id"))
			.containsExactly("settings", "apis", "repository", "registry-token", "images", "apply");
		assertThat(script(steps, "apis")).contains("gcloud services enable", "artifactregistry.googleapis.com",
				"serviceusage.googleapis.com", "cloudresourcemanager.googleapis.com", "gcloud storage buckets create");
		assertThat(script(steps, "repository")).contains("terraform init", "-target=google_project_service.apis",
				"-target=google_artifact_registry_repository.images");
		assertThat(script(steps, "images")).contains("jib-maven-plugin:build", "/workspace/tag");
		assertThat(script(steps, "apply")).contains("terraform apply", "image_tag=$(cat /workspace/tag)")
			.doesNotContain("-target");
		for (Map<String, Object> step : steps) {
			if (!"settings".equals(step.get("id"))) {
				assertThat(raw(step)).as("the tag comes from the settings step").doesNotContain("SHORT_SHA");
			}
		}
	}

	@Test
	void aManualSubmitHasATagAndAStateBucketToo() throws Exception {
		Map<String, String> manual = Map.of("SHORT_SHA", "", "BUILD_ID", "4f2a-9c", "PROJECT_ID", "shop-1",
				"_LAKE_BUCKET", "shop-1-lake", "_STATE_BUCKET", "");
		assertThat(runSettings(manual)).isZero();
		assertThat(Files.readString(this.workspace.resolve("tag"))).isEqualTo("build-4f2a-9c");
		assertThat(Files.readString(this.workspace.resolve("state_bucket"))).isEqualTo("shop-1-shoplake-tfstate");
	}

	@Test
	void aTriggeredBuildIsTaggedWithItsCommit() throws Exception {
		Map<String, String> trigger = Map.of("SHORT_SHA", "e49e210", "BUILD_ID", "4f2a-9c", "PROJECT_ID", "shop-1",
				"_LAKE_BUCKET", "shop-1-lake", "_STATE_BUCKET", "shop-1-tf");
		assertThat(runSettings(trigger)).isZero();
		assertThat(Files.readString(this.workspace.resolve("tag"))).isEqualTo("e49e210");
		assertThat(Files.readString(this.workspace.resolve("state_bucket"))).isEqualTo("shop-1-tf");
	}

	@Test
	void withoutALakeBucketTheBuildStopsAtOnce() throws Exception {
		Map<String, String> none = Map.of("SHORT_SHA", "", "BUILD_ID", "b", "PROJECT_ID", "p", "_LAKE_BUCKET", "",
				"_STATE_BUCKET", "");
		assertThat(runSettings(none)).isNotZero();
		assertThat(this.workspace.resolve("tag")).doesNotExist();
	}

	private int runSettings(Map<String, String> values) throws Exception {
		String script = substitute(script(steps(), "settings"), values).replace("/workspace/",
				this.workspace.toString() + "/");
		Process bash = new ProcessBuilder("bash", "-ceu", script).redirectErrorStream(true).start();
		String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(bash.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
		return bash.exitValue();
	}

	/** Cloud Build's substitution: every name must be one it knows. */
	private static String substitute(String text, Map<String, String> values) {
		Matcher matcher = SUBSTITUTION.matcher(text);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String name = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
			String value;
			if (name == null) {
				value = "$";
			}
			else {
				assertThat(values).as("substitution " + name).containsKey(name);
				value = values.get(name);
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> steps() throws IOException {
		Map<String, Object> build = new Yaml().load(Files.readString(Path.of("../deploy/cloudbuild.yaml")));
		return (List<Map<String, Object>>) build.get("steps");
	}

	/**
	 * A step's shell script (the last argument), with {@code $$} as the shell sees it.
	 */
	@SuppressWarnings("unchecked")
	private static String script(List<Map<String, Object>> steps, String id) {
		Map<String, Object> step = steps.stream().filter((s) -> id.equals(s.get("id"))).findFirst().orElseThrow();
		List<String> args = (List<String>) step.get("args");
		return args.get(args.size() - 1).replace("$$", "$");
	}

	private static String raw(Map<String, Object> step) {
		return String.valueOf(step);
	}

}
