package io.shoplake.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Terraform in {@code infra/}, parsed offline (there is no terraform binary and no
 * network here): every check passes on it, and each check catches the breakage it exists
 * for, applied to a copy.
 */
class InfraTests {

	private static final Path INFRA = Path.of(".");

	@TempDir
	Path copy;

	static Stream<String> checks() {
		return TerraformChecks.ALL.keySet().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("checks")
	void theDeploymentPasses(String check) {
		assertThat(TerraformChecks.ALL.get(check).apply(Terraform.parse(INFRA))).isEmpty();
	}

	@Test
	void theProfilesNeedVariables() {
		assertThat(GcpProfiles.requiredVariables("ingest")).contains("SHOPLAKE_LAKE_BUCKET", "SHOPLAKE_AUTH_AUDIENCE");
		assertThat(GcpProfiles.requiredVariables("transform")).contains("SHOPLAKE_PROJECT_ID", "SHOPLAKE_PRODUCER_URL");
		assertThat(GcpProfiles.requiredVariables("producer"))
			.contains("SHOPLAKE_AUTH_OPERATIONS_EMAILS", "SHOPLAKE_AUTH_READ_EMAILS")
			.doesNotContain("SHOPLAKE_TOPIC");
	}

	@Test
	void theConfigurationIsReallyThere() {
		Terraform tf = Terraform.parse(INFRA);
		assertThat(tf.files.keySet()).containsAll(TerraformChecks.FILES);
		assertThat(tf.resources("google_cloud_run_v2_service")).containsOnlyKeys("producer", "ingest", "transform");
		assertThat(tf.resources("google_service_account")).containsOnlyKeys("producer", "ingest", "transform", "push",
				"scheduler");
		assertThat(tf.variables).hasSizeGreaterThan(10);
	}

	@Test
	void theProviderSchemaIsTheProvidersOwn() {
		Terraform tf = Terraform.parse(INFRA);
		ProviderSchema schema = ProviderSchema.of(tf);
		ProviderSchema.Block run = schema.resource("google_cloud_run_v2_service", false);
		assertThat(run.attributes()).containsEntry("location", true)
			.containsEntry("name", true)
			.containsEntry("deletion_protection", false);
		assertThat(run.blocks()).containsKey("template");
		assertThat(run.blocks().get("template").required()).isTrue();
		ProviderSchema.Block template = schema.block(run.blocks().get("template").fqn());
		assertThat(template.blocks()).containsKeys("containers", "scaling");
		assertThat(template.attributes()).containsKeys("service_account", "timeout",
				"max_instance_request_concurrency");
		assertThat(schema.attributes("google_service_account", false)).contains("email", "name", "account_id");
		assertThat(schema.attributes("google_project", true)).contains("number");
		assertThat(schema.resource("google_cloud_run_service_v3", false)).isNull();
	}

	static Stream<Arguments> breakages() {
		return Stream.of(Arguments.of("push without OIDC", "pubsub.tf", """
				    oidc_token {
				      service_account_email = google_service_account.push.email
				      audience              = local.ingest_url
				    }
				""", "", "push subscription to ingest with OIDC"),
				Arguments.of("push to the wrong path", "pubsub.tf", "/pubsub/push\"", "/push\"",
						"push subscription to ingest with OIDC"),
				Arguments.of("push to the wrong service", "versions.tf", "${var.name_prefix}ingest-",
						"${var.name_prefix}transform-", "push subscription to ingest with OIDC"),
				Arguments.of("no dead-letter policy", "pubsub.tf", """
						  dead_letter_policy {
						    dead_letter_topic     = google_pubsub_topic.dead_letter.id
						    max_delivery_attempts = var.max_delivery_attempts
						  }
						""", "", "dead letters"),
				Arguments.of("scheduler token for another audience", "scheduler.tf",
						"audience              = local.transform_url", "audience              = local.ingest_url",
						"scheduler posts /runs with OIDC"),
				Arguments.of("public bucket", "storage.tf", "public_access_prevention    = \"enforced\"",
						"public_access_prevention    = \"inherited\"", "private buckets"),
				Arguments.of("ingest open to everyone", "iam.tf",
						"member   = \"serviceAccount:${google_service_account.push.email}\"", "member   = \"allUsers\"",
						"nothing public"),
				Arguments.of("an unused service account", "iam.tf", "resource \"google_service_account\" \"push\" {",
						"resource \"google_service_account\" \"spare\" {\n  account_id = \"spare\"\n}\n\nresource \"google_service_account\" \"push\" {",
						"every service account used"),
				Arguments.of("the scheduler may call the producer", "iam.tf",
						"name     = google_cloud_run_v2_service.transform.name\n  role     = \"roles/run.invoker\"\n  member   = \"serviceAccount:${google_service_account.scheduler.email}\"",
						"name     = google_cloud_run_v2_service.producer.name\n  role     = \"roles/run.invoker\"\n  member   = \"serviceAccount:${google_service_account.scheduler.email}\"",
						"least privilege"),
				Arguments.of("ingest may administer buckets", "iam.tf", "roles/storage.objectCreator",
						"roles/storage.admin", "least privilege"),
				Arguments.of("the producer may replace lake objects", "iam.tf",
						"bucket = google_storage_bucket.state.name", "bucket = google_storage_bucket.lake.name",
						"least privilege"),
				Arguments.of("an unversioned ledger", "storage.tf", "versioning {\n    enabled = true",
						"versioning {\n    enabled = false", "private buckets"),
				Arguments.of("the producer without its ledger object", "run.tf", "name  = \"SHOPLAKE_LEDGER_URI\"",
						"name  = \"SHOPLAKE_LEDGER\"", "every gcp setting has its environment variable"),
				Arguments.of("two transform instances", "run.tf",
						"min_instance_count = 0\n      max_instance_count = 1",
						"min_instance_count = 0\n      max_instance_count = 3", "cloud run services"),
				Arguments.of("ingest without its bucket", "run.tf", "name  = \"SHOPLAKE_QUARANTINE_BUCKET\"",
						"name  = \"SHOPLAKE_QUARANTINE\"", "every gcp setting has its environment variable"),
				Arguments.of("no partition filter", "bigquery.tf", "require_partition_filter = true",
						"require_partition_filter = false", "bigquery layers and raw tables"),
				Arguments.of("an undescribed variable", "variables.tf",
						"  description = \"Tag of the three service images in Artifact Registry (deploy/deploy.sh pushes them).\"\n",
						"", "variables described and declared"),
				Arguments.of("an undeclared variable", "run.tf", "var.ingest_max_instances", "var.ingest_maximum",
						"variables described and declared"),
				Arguments.of("the producer starts before its grant on the state bucket", "run.tf",
						"    google_storage_bucket_iam_member.producer_state,\n", "",
						"services wait for their grants and datasets"),
				Arguments.of("transform starts before the raw events table", "run.tf",
						"    google_bigquery_table.raw_events,\n", "", "services wait for their grants and datasets"),
				Arguments.of("an operator grant naming its service by string", "iam.tf",
						"name     = google_cloud_run_v2_service.ingest.name\n  role     = \"roles/run.invoker\"\n  member   = each.value",
						"name     = local.service_names.ingest\n  role     = \"roles/run.invoker\"\n  member   = each.value",
						"grants name their resources by reference"),
				Arguments.of("a service account made before the APIs", "iam.tf",
						"keeps its ledger\"\n\n  depends_on = [google_project_service.apis]", "keeps its ledger\"",
						"APIs enabled before anything that needs them"),
				Arguments.of("no IAM credentials API", "versions.tf", "    \"iamcredentials.googleapis.com\",\n", "",
						"APIs enabled before anything that needs them"),
				Arguments.of("an argument the provider does not have", "pubsub.tf", "ack_deadline_seconds",
						"ack_deadline", "arguments and references match the google provider's schema"),
				Arguments.of("a block the provider does not have", "run.tf", "startup_probe {", "startup_check {",
						"arguments and references match the google provider's schema"),
				Arguments.of("a required argument left out", "run.tf", "  location            = var.region\n", "",
						"arguments and references match the google provider's schema"),
				Arguments.of("a reference to a resource not declared", "iam.tf",
						"bucket = google_storage_bucket.state.name", "bucket = google_storage_bucket.states.name",
						"arguments and references match the google provider's schema"),
				Arguments.of("an attribute the resource does not have", "pubsub.tf",
						"google_service_account.push.email", "google_service_account.push.mail",
						"arguments and references match the google provider's schema"),
				Arguments.of("a resource type the provider does not have", "artifact_registry.tf",
						"resource \"google_artifact_registry_repository\"", "resource \"google_artifact_repository\"",
						"arguments and references match the google provider's schema"),
				Arguments.of("a provider constraint the schema is not from", "versions.tf", "version = \"~> 6.10\"",
						"version = \"~> 7.0\"", "arguments and references match the google provider's schema"),
				Arguments.of("no scheduler file", "scheduler.tf", null, null, "files split by concern"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("breakages")
	void eachCheckCatchesItsBreakage(String breakage, String file, String from, String to, String check)
			throws IOException {
		try (Stream<Path> files = Files.list(INFRA)) {
			for (Path tf : files.filter((p) -> p.toString().endsWith(".tf")).toList()) {
				Files.copy(tf, this.copy.resolve(tf.getFileName()));
			}
		}
		Path target = this.copy.resolve(file);
		if (from == null) {
			Files.delete(target);
		}
		else {
			String source = Files.readString(target);
			assertThat(source).as("the text to break is in " + file).contains(from);
			Files.writeString(target, source.replace(from, to));
		}
		List<String> violations = TerraformChecks.ALL.get(check).apply(Terraform.parse(this.copy));
		assertThat(violations).as(breakage).isNotEmpty();
	}

}
