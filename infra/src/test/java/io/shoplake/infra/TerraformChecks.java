package io.shoplake.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.shoplake.events.lake.LakeLayout;

import static io.shoplake.infra.Terraform.at;
import static io.shoplake.infra.Terraform.blocks;

/**
 * What the deployment must be, as checks over the parsed Terraform; each answers the
 * violations it finds (none when the wiring is right).
 */
final class TerraformChecks {

	/** The files the configuration is split into, by concern. */
	static final Set<String> FILES = Set.of("versions.tf", "variables.tf", "outputs.tf", "pubsub.tf", "storage.tf",
			"bigquery.tf", "run.tf", "scheduler.tf", "iam.tf", "artifact_registry.tf");

	static final Map<String, Function<Terraform, List<String>>> ALL = new LinkedHashMap<>();

	static {
		ALL.put("files split by concern", TerraformChecks::files);
		ALL.put("push subscription to ingest with OIDC", TerraformChecks::push);
		ALL.put("dead letters", TerraformChecks::deadLetters);
		ALL.put("scheduler posts /runs with OIDC", TerraformChecks::scheduler);
		ALL.put("private buckets", TerraformChecks::buckets);
		ALL.put("nothing public", TerraformChecks::nothingPublic);
		ALL.put("every service account used", TerraformChecks::serviceAccountsUsed);
		ALL.put("least privilege", TerraformChecks::leastPrivilege);
		ALL.put("cloud run services", TerraformChecks::services);
		ALL.put("services wait for their grants and datasets", TerraformChecks::servicesWaitForGrants);
		ALL.put("grants name their resources by reference", TerraformChecks::grantsByReference);
		ALL.put("APIs enabled before anything that needs them", TerraformChecks::apisFirst);
		ALL.put("every gcp setting has its environment variable", TerraformChecks::environment);
		ALL.put("bigquery layers and raw tables", TerraformChecks::bigquery);
		ALL.put("variables described and declared", TerraformChecks::variables);
		ALL.put("arguments and references match the google provider's schema", TerraformChecks::providerSchema);
		ALL.put("outputs described", TerraformChecks::outputs);
	}

	private TerraformChecks() {
	}

	static List<String> files(Terraform tf) {
		List<String> violations = new ArrayList<>();
		FILES.stream()
			.filter((file) -> !tf.files.containsKey(file))
			.forEach((file) -> violations.add("missing " + file));
		return violations;
	}

	static List<String> push(Terraform tf) {
		List<String> violations = new ArrayList<>();
		Map<String, Object> push = tf.resource("google_pubsub_subscription", "push");
		String ingestUrl = (String) tf.locals.get("ingest_url");
		String ingestName = (String) at(tf.locals, "service_names.ingest");
		if (ingestUrl == null || ingestName == null || !ingestUrl.startsWith("https://" + ingestName + "-")) {
			violations
				.add("local.ingest_url (" + ingestUrl + ") is not the URL of the ingest service (" + ingestName + ")");
		}
		expect(violations, push, "topic", "google_pubsub_topic.events.id");
		expect(violations, push, "push_config.push_endpoint", "local.ingest_url/pubsub/push");
		expect(violations, push, "push_config.oidc_token.service_account_email", "google_service_account.push.email");
		expect(violations, push, "push_config.oidc_token.audience", "local.ingest_url");
		expect(violations, tf.resource("google_cloud_run_v2_service", "ingest"), "name", ingestName);
		Number deadline = number(tf, at(push, "ack_deadline_seconds"));
		if (deadline == null || deadline.doubleValue() < 10) {
			violations.add("push ack deadline " + deadline
					+ " s is not well above ingest's group commit (at most about a second)");
		}
		if (at(push, "retry_policy.minimum_backoff") == null) {
			violations.add("push subscription has no retry policy");
		}
		if (at(push, "message_retention_duration") == null) {
			violations.add("push subscription has no message retention");
		}
		return violations;
	}

	static List<String> deadLetters(Terraform tf) {
		List<String> violations = new ArrayList<>();
		Map<String, Object> push = tf.resource("google_pubsub_subscription", "push");
		expect(violations, push, "dead_letter_policy.dead_letter_topic", "google_pubsub_topic.dead_letter.id");
		Number attempts = number(tf, at(push, "dead_letter_policy.max_delivery_attempts"));
		if (attempts == null || attempts.intValue() < 5) {
			violations.add("max delivery attempts " + attempts + " (Pub/Sub needs 5..100)");
		}
		boolean pulled = tf.resources("google_pubsub_subscription")
			.values()
			.stream()
			.anyMatch((sub) -> "google_pubsub_topic.dead_letter.id".equals(sub.get("topic"))
					&& at(sub, "push_config") == null);
		if (!pulled) {
			violations.add("no pull subscription on the dead-letter topic");
		}
		boolean agentPublishes = tf.resources("google_pubsub_topic_iam_member")
			.values()
			.stream()
			.anyMatch((m) -> "google_pubsub_topic.dead_letter.name".equals(m.get("topic"))
					&& "roles/pubsub.publisher".equals(m.get("role")) && "local.pubsub_agent".equals(m.get("member")));
		if (!agentPublishes) {
			violations.add("Pub/Sub's service agent cannot publish to the dead-letter topic");
		}
		boolean agentSubscribes = tf.resources("google_pubsub_subscription_iam_member")
			.values()
			.stream()
			.anyMatch((m) -> "google_pubsub_subscription.push.name".equals(m.get("subscription"))
					&& "roles/pubsub.subscriber".equals(m.get("role")) && "local.pubsub_agent".equals(m.get("member")));
		if (!agentSubscribes) {
			violations.add("Pub/Sub's service agent cannot subscribe to the push subscription");
		}
		return violations;
	}

	static List<String> scheduler(Terraform tf) {
		List<String> violations = new ArrayList<>();
		Map<String, Map<String, Object>> jobs = tf.resources("google_cloud_scheduler_job");
		if (!jobs.containsKey("transform_daily")) {
			violations.add("no daily transform job");
		}
		String transformUrl = (String) tf.locals.get("transform_url");
		String transformName = (String) at(tf.locals, "service_names.transform");
		if (transformUrl == null || !transformUrl.startsWith("https://" + transformName + "-")) {
			violations.add("local.transform_url (" + transformUrl + ") is not the transform service's URL");
		}
		jobs.forEach((name, job) -> {
			expect(violations, job, "http_target.http_method", "POST");
			expect(violations, job, "http_target.uri", "local.transform_url/runs?wait=true");
			expect(violations, job, "attempt_deadline", "1800s");
			expect(violations, job, "http_target.oidc_token.service_account_email",
					"google_service_account.scheduler.email");
			expect(violations, job, "http_target.oidc_token.audience", "local.transform_url");
		});
		return violations;
	}

	static List<String> buckets(Terraform tf) {
		List<String> violations = new ArrayList<>();
		Map<String, Map<String, Object>> buckets = tf.resources("google_storage_bucket");
		for (String name : List.of("lake", "quarantine", "state")) {
			if (!buckets.containsKey(name)) {
				violations.add("no " + name + " bucket");
			}
		}
		buckets.forEach((name, bucket) -> {
			expect(violations, bucket, "uniform_bucket_level_access", Boolean.TRUE);
			expect(violations, bucket, "public_access_prevention", "enforced");
			if (blocks(bucket, "lifecycle_rule").isEmpty()) {
				violations.add(name + " bucket has no lifecycle rule");
			}
		});
		if (buckets.containsKey("lake")) {
			expect(violations, buckets.get("lake"), "versioning.enabled", Boolean.FALSE);
		}
		if (buckets.containsKey("state")) {
			// The ledger is replaced at each save: earlier versions stay restorable.
			expect(violations, buckets.get("state"), "versioning.enabled", Boolean.TRUE);
		}
		if (buckets.containsKey("quarantine")) {
			expect(violations, buckets.get("quarantine"), "name", "local.quarantine_bucket");
			if (!"var.lake_bucket-quarantine".equals(tf.locals.get("quarantine_bucket"))) {
				violations.add("the quarantine bucket is not named <lake>-quarantine");
			}
		}
		return violations;
	}

	static List<String> nothingPublic(Terraform tf) {
		return tf.resourceStrings()
			.stream()
			.filter((value) -> value.contains("allUsers") || value.contains("allAuthenticatedUsers"))
			.map((value) -> "public member: " + value)
			.toList();
	}

	static List<String> serviceAccountsUsed(Terraform tf) {
		List<String> violations = new ArrayList<>();
		for (String account : tf.resources("google_service_account").keySet()) {
			String reference = "google_service_account." + account + ".";
			long uses = tf.resourceStrings().stream().filter((value) -> value.contains(reference)).count();
			if (uses == 0) {
				violations.add("service account " + account + " is never used");
			}
		}
		for (String service : List.of("producer", "ingest", "transform")) {
			Map<String, Object> run = tf.resources("google_cloud_run_v2_service").get(service);
			if (run != null
					&& !("google_service_account." + service + ".email").equals(at(run, "template.service_account"))) {
				violations.add(service + " does not run as its own service account");
			}
		}
		return violations;
	}

	static List<String> leastPrivilege(Terraform tf) {
		List<String> violations = new ArrayList<>();
		// Project-wide roles: only transform's BigQuery job user.
		tf.resources("google_project_iam_member").forEach((name, binding) -> {
			if (!("roles/bigquery.jobUser".equals(binding.get("role"))
					&& "serviceAccount:google_service_account.transform.email".equals(binding.get("member")))) {
				violations.add("project-wide role " + binding.get("role") + " for " + binding.get("member"));
			}
		});
		for (String type : List.of("google_project_iam_binding", "google_project_iam_policy")) {
			if (!tf.resources(type).isEmpty()) {
				violations.add(type + " replaces project IAM: use members");
			}
		}
		// Buckets: ingest creates and reads, transform reads, the producer keeps its
		// ledger
		// in the state bucket; nobody else, nothing more.
		tf.resources("google_storage_bucket_iam_member").forEach((name, binding) -> {
			String member = (String) binding.get("member");
			String role = (String) binding.get("role");
			boolean ingest = member.endsWith("google_service_account.ingest.email")
					&& Set.of("roles/storage.objectCreator", "roles/storage.objectViewer").contains(role);
			boolean transform = member.endsWith("google_service_account.transform.email")
					&& "roles/storage.objectViewer".equals(role);
			boolean producer = member.endsWith("google_service_account.producer.email")
					&& "roles/storage.objectUser".equals(role)
					&& "google_storage_bucket.state.name".equals(binding.get("bucket"));
			if (!ingest && !transform && !producer) {
				violations.add("bucket role " + role + " for " + member);
			}
		});
		// The topic: the producer publishes.
		tf.resources("google_pubsub_topic_iam_member").forEach((name, binding) -> {
			boolean producer = "google_pubsub_topic.events.name".equals(binding.get("topic"))
					&& "roles/pubsub.publisher".equals(binding.get("role"))
					&& "serviceAccount:google_service_account.producer.email".equals(binding.get("member"));
			boolean agent = "google_pubsub_topic.dead_letter.name".equals(binding.get("topic"))
					&& "local.pubsub_agent".equals(binding.get("member"));
			if (!producer && !agent) {
				violations.add("topic role " + binding.get("role") + " for " + binding.get("member"));
			}
		});
		// Invokers: push → ingest, scheduler → transform, transform → producer (the
		// ledger), operators → any.
		tf.resources("google_cloud_run_v2_service_iam_member").forEach((name, binding) -> {
			String member = (String) binding.get("member");
			String service = (String) binding.get("name");
			boolean push = member.endsWith("google_service_account.push.email")
					&& "google_cloud_run_v2_service.ingest.name".equals(service);
			boolean scheduler = member.endsWith("google_service_account.scheduler.email")
					&& "google_cloud_run_v2_service.transform.name".equals(service);
			boolean reconciliation = member.endsWith("google_service_account.transform.email")
					&& "google_cloud_run_v2_service.producer.name".equals(service);
			boolean operators = name.startsWith("operators_invoke_") && "each.value".equals(member);
			if (!"roles/run.invoker".equals(binding.get("role"))
					|| !(push || scheduler || reconciliation || operators)) {
				violations.add("run role " + binding.get("role") + " on " + service + " for " + member);
			}
		});
		List<Map<String, Object>> datasetMembers = new ArrayList<>(
				tf.resources("google_bigquery_dataset_iam_member").values());
		if (datasetMembers.stream()
			.noneMatch((m) -> "serviceAccount:google_service_account.transform.email".equals(m.get("member"))
					&& "roles/bigquery.dataEditor".equals(m.get("role")))) {
			violations.add("transform cannot write its datasets");
		}
		return violations;
	}

	static List<String> services(Terraform tf) {
		List<String> violations = new ArrayList<>();
		Map<String, Map<String, Object>> services = tf.resources("google_cloud_run_v2_service");
		for (String name : List.of("producer", "ingest", "transform")) {
			Map<String, Object> service = services.get(name);
			if (service == null) {
				violations.add("no Cloud Run service " + name);
				continue;
			}
			List<Map<String, Object>> env = blocks((Map<String, Object>) at(service, "template.containers"), "env");
			if (env.stream()
				.noneMatch((e) -> "SPRING_PROFILES_ACTIVE".equals(e.get("name")) && "gcp".equals(e.get("value")))) {
				violations.add(name + " does not run the gcp profile");
			}
			expect(violations, service, "template.containers.startup_probe.http_get.path",
					"/actuator/health/readiness");
			expect(violations, service, "template.containers.liveness_probe.http_get.path",
					"/actuator/health/liveness");
			if (!String.valueOf(at(service, "template.containers.image")).contains(name + "-service:")) {
				violations.add(name + " image is not its own: " + at(service, "template.containers.image"));
			}
		}
		if (services.containsKey("transform")) {
			Number max = number(tf, at(services.get("transform"), "template.scaling.max_instance_count"));
			if (max == null || max.intValue() != 1) {
				violations.add("transform may run " + max + " instances: two schedules could run at once");
			}
		}
		if (services.containsKey("producer")) {
			expect(violations, services.get("producer"), "template.containers.resources.cpu_idle", Boolean.FALSE);
		}
		return violations;
	}

	/** The IAM grant resource types (members, never bindings or policies). */
	private static final Map<String, String> GRANT_TARGETS = Map.of("google_pubsub_topic_iam_member", "topic",
			"google_pubsub_subscription_iam_member", "subscription", "google_storage_bucket_iam_member", "bucket",
			"google_bigquery_dataset_iam_member", "dataset_id", "google_cloud_run_v2_service_iam_member", "name",
			"google_service_account_iam_member", "service_account_id");

	/**
	 * A Cloud Run service starts only after every grant to its service account (and so
	 * the buckets, topic and datasets they are on) exists: its {@code depends_on} lists
	 * them. A grant on the service itself (who may invoke it) is made after it.
	 */
	static List<String> servicesWaitForGrants(Terraform tf) {
		List<String> violations = new ArrayList<>();
		tf.resources("google_cloud_run_v2_service").forEach((service, run) -> {
			String account = String.valueOf(at(run, "template.service_account"));
			if (!account.startsWith("google_service_account.")) {
				return;
			}
			Set<String> listed = tf.dependsOn("google_cloud_run_v2_service", service);
			List<String> grantTypes = new ArrayList<>(GRANT_TARGETS.keySet());
			grantTypes.add("google_project_iam_member");
			for (String type : grantTypes) {
				tf.resources(type).forEach((grant, binding) -> {
					String address = type + "." + grant;
					if (String.valueOf(binding.get("member")).contains(account)
							&& !tf.references(type, grant).contains("google_cloud_run_v2_service." + service)
							&& !listed.contains(address)) {
						violations.add(service + " does not depend on " + address + " (a grant to " + account + ")");
					}
				});
			}
			if (!listed.contains("google_project_service.apis")) {
				violations.add(service + " does not depend on the APIs");
			}
		});
		Set<String> transform = tf.dependencies("google_cloud_run_v2_service", "transform");
		for (String dataset : List.of("google_bigquery_dataset.layers", "google_bigquery_table.raw_events",
				"google_bigquery_table.raw_quarantine")) {
			if (!tf.dependsOn("google_cloud_run_v2_service", "transform").contains(dataset)
					&& !transform.contains(dataset)) {
				violations.add("transform does not wait for " + dataset);
			}
		}
		return violations;
	}

	/**
	 * Every grant names what it is on by a reference to that resource (directly, or
	 * through {@code for_each} values that are references), so it is made after the
	 * resource exists: never by a plain string.
	 */
	static List<String> grantsByReference(Terraform tf) {
		List<String> violations = new ArrayList<>();
		GRANT_TARGETS.forEach((type, attribute) -> tf.resources(type).forEach((grant, binding) -> {
			Object target = binding.get(attribute);
			String text = String.valueOf(target);
			boolean direct = text.startsWith("google_");
			boolean throughForEach = text.startsWith("each.value") && !tf.references(type, grant).isEmpty()
					&& referencesOnly(binding.get("for_each"));
			if (!direct && !throughForEach) {
				violations.add(type + "." + grant + " names its " + attribute + " as " + text + ", not a reference");
			}
		}));
		return violations;
	}

	/** A {@code for_each} whose values are resource references, or a resource itself. */
	private static boolean referencesOnly(Object forEach) {
		if (forEach instanceof Map<?, ?> map) {
			return !map.isEmpty()
					&& map.values().stream().allMatch((value) -> String.valueOf(value).startsWith("google_"));
		}
		return String.valueOf(forEach).startsWith("google_");
	}

	/**
	 * Every resource waits (through its references or {@code depends_on}) for the
	 * project's APIs, which include IAM credentials (impersonation, as the deployment
	 * guide documents it).
	 */
	static List<String> apisFirst(Terraform tf) {
		List<String> violations = new ArrayList<>();
		// hcl4j does not evaluate toset(...): the list is read from the text.
		for (String api : List.of("iam.googleapis.com", "iamcredentials.googleapis.com", "run.googleapis.com",
				"pubsub.googleapis.com", "bigquery.googleapis.com", "storage.googleapis.com",
				"cloudscheduler.googleapis.com", "artifactregistry.googleapis.com")) {
			if (!tf.text.toString().contains("    \"" + api + "\",\n")) {
				violations.add("API " + api + " is not enabled");
			}
		}
		tf.resources.forEach((type, named) -> named.keySet().forEach((name) -> {
			if (!type.equals("google_project_service")
					&& !tf.dependencies(type, name).contains("google_project_service.apis")) {
				violations.add(type + "." + name + " may be created before the APIs are enabled");
			}
		}));
		return violations;
	}

	/**
	 * Every {@code ${VARIABLE}} without a default in a service's
	 * {@code <service>-gcp.yml} is set on that service's Cloud Run container.
	 */
	static List<String> environment(Terraform tf) {
		List<String> violations = new ArrayList<>();
		for (String service : List.of("producer", "ingest", "transform")) {
			Map<String, Object> run = tf.resources("google_cloud_run_v2_service").get(service);
			if (run == null) {
				continue;
			}
			Set<String> set = new java.util.TreeSet<>();
			blocks((Map<String, Object>) at(run, "template.containers"), "env")
				.forEach((env) -> set.add((String) env.get("name")));
			for (String needed : GcpProfiles.requiredVariables(service)) {
				if (!set.contains(needed)) {
					violations
						.add(service + " needs " + needed + " (" + service + "-gcp.yml) but Terraform does not set it");
				}
			}
		}
		return violations;
	}

	static List<String> bigquery(Terraform tf) {
		List<String> violations = new ArrayList<>();
		Object layers = at(tf.resource("google_bigquery_dataset", "layers"), "for_each");
		if (!(layers instanceof Map<?, ?> map) || !map.keySet().containsAll(List.of("raw", "staging", "marts"))) {
			violations.add("datasets are not raw, staging, marts: " + layers);
		}
		// The hive layout is the lake's own (LakeLayout): its top folder, then each
		// partition key, an integer.
		String partitions = LakeLayout.PARTITION_KEYS.stream()
			.map((key) -> "{" + key + ":INTEGER}")
			.collect(java.util.stream.Collectors.joining("/"));
		for (String[] table : new String[][] {
				{ "raw_events", "google_storage_bucket.lake.name/" + LakeLayout.EVENTS + "/" },
				{ "raw_quarantine", "google_storage_bucket.quarantine.name/" + LakeLayout.FAILED + "/" } }) {
			Map<String, Object> raw = tf.resource("google_bigquery_table", table[0]);
			expect(violations, raw, "external_data_configuration.autodetect", Boolean.FALSE);
			expect(violations, raw, "external_data_configuration.hive_partitioning_options.mode", "CUSTOM");
			expect(violations, raw, "external_data_configuration.hive_partitioning_options.require_partition_filter",
					Boolean.TRUE);
			expect(violations, raw, "external_data_configuration.hive_partitioning_options.source_uri_prefix",
					"gs://" + table[1] + partitions);
		}
		return violations;
	}

	/**
	 * Every resource, data source, argument, block and reference against the google
	 * provider's own schema ({@link ProviderSchema}), whose version the configuration's
	 * constraint must admit.
	 */
	static List<String> providerSchema(Terraform tf) {
		List<String> violations = new ArrayList<>();
		Object constraint = at(tf.files.getOrDefault("versions.tf", Map.of()),
				"terraform.required_providers.google.version");
		Matcher pessimistic = Pattern.compile("~>\\s*(\\d+)\\.(\\d+)").matcher(String.valueOf(constraint));
		String[] checked = ProviderSchema.PROVIDER_VERSION.split("\\.");
		if (!pessimistic.matches() || !pessimistic.group(1).equals(checked[0])
				|| Integer.parseInt(pessimistic.group(2)) > Integer.parseInt(checked[1])) {
			violations.add("the google provider constraint " + constraint + " does not admit "
					+ ProviderSchema.PROVIDER_VERSION + ", the schema checked against");
		}
		violations.addAll(ProviderSchema.of(tf).violations(tf));
		return violations;
	}

	static List<String> variables(Terraform tf) {
		List<String> violations = new ArrayList<>();
		tf.variables.forEach((name, variable) -> {
			Object description = variable.get("description");
			if (description == null || description.toString().isBlank()) {
				violations.add("variable " + name + " has no description");
			}
			if (variable.get("type") == null) {
				violations.add("variable " + name + " has no type");
			}
		});
		tf.variableReferences()
			.stream()
			.filter((name) -> !tf.variables.containsKey(name))
			.forEach((name) -> violations.add("var." + name + " is not declared"));
		return violations;
	}

	static List<String> outputs(Terraform tf) {
		List<String> violations = new ArrayList<>();
		tf.outputs.forEach((name, output) -> {
			if (output.get("description") == null || output.get("description").toString().isBlank()) {
				violations.add("output " + name + " has no description");
			}
		});
		for (String needed : List.of("producer_url", "ingest_url", "transform_url", "lake_bucket", "quarantine_bucket",
				"topic", "image_repository")) {
			if (!tf.outputs.containsKey(needed)) {
				violations.add("no output " + needed);
			}
		}
		return violations;
	}

	private static void expect(List<String> violations, Map<String, Object> block, String path, Object expected) {
		Object actual = at(block, path);
		if (!Objects.equals(actual, expected)) {
			violations.add(path + " is " + actual + ", not " + expected);
		}
	}

	/** A number, or a {@code var.x} resolved to its default. */
	private static Number number(Terraform tf, Object value) {
		if (value instanceof Number number) {
			return number;
		}
		if (value instanceof String reference && reference.startsWith("var.")) {
			Map<String, Object> variable = tf.variables.get(reference.substring(4));
			return (variable != null && variable.get("default") instanceof Number number) ? number : null;
		}
		return null;
	}

}
