# One service account per service and per caller; each gets only what it uses.

resource "google_service_account" "producer" {
  project      = var.project_id
  account_id   = "shoplake-producer"
  display_name = "ShopLake producer: publishes to the events topic, keeps its ledger"

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "ingest" {
  project      = var.project_id
  account_id   = "shoplake-ingest"
  display_name = "ShopLake ingest: writes the lake and the quarantine"

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "transform" {
  project      = var.project_id
  account_id   = "shoplake-transform"
  display_name = "ShopLake transform: reads the buckets, builds BigQuery datasets"

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "push" {
  project      = var.project_id
  account_id   = "shoplake-push"
  display_name = "ShopLake push subscription: the identity Pub/Sub calls ingest with"

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "scheduler" {
  project      = var.project_id
  account_id   = "shoplake-scheduler"
  display_name = "ShopLake scheduler: the identity Cloud Scheduler calls transform with"

  depends_on = [google_project_service.apis]
}

# Producer: publish to the topic, nothing else.
resource "google_pubsub_topic_iam_member" "producer_publishes" {
  project = var.project_id
  topic   = google_pubsub_topic.events.name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${google_service_account.producer.email}"
}

# Producer: read and replace its ledger object in the state bucket (a replacement needs
# the delete permission objectUser includes); no other bucket.
resource "google_storage_bucket_iam_member" "producer_state" {
  bucket = google_storage_bucket.state.name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${google_service_account.producer.email}"
}

# Ingest: create (and, for replay and create-if-absent checks, read and list) objects in
# the two buckets only; it never deletes or overwrites.
resource "google_storage_bucket_iam_member" "ingest_creates" {
  for_each = {
    lake       = google_storage_bucket.lake.name
    quarantine = google_storage_bucket.quarantine.name
  }
  bucket = each.value
  role   = "roles/storage.objectCreator"
  member = "serviceAccount:${google_service_account.ingest.email}"
}

resource "google_storage_bucket_iam_member" "ingest_reads" {
  for_each = {
    lake       = google_storage_bucket.lake.name
    quarantine = google_storage_bucket.quarantine.name
  }
  bucket = each.value
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.ingest.email}"
}

# Transform: read both buckets, run BigQuery jobs, write its own datasets.
resource "google_storage_bucket_iam_member" "transform_reads" {
  for_each = {
    lake       = google_storage_bucket.lake.name
    quarantine = google_storage_bucket.quarantine.name
  }
  bucket = each.value
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.transform.email}"
}

resource "google_project_iam_member" "transform_runs_jobs" {
  project = var.project_id
  role    = "roles/bigquery.jobUser"
  member  = "serviceAccount:${google_service_account.transform.email}"
}

resource "google_bigquery_dataset_iam_member" "transform_writes" {
  for_each   = google_bigquery_dataset.layers
  project    = var.project_id
  dataset_id = each.value.dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:${google_service_account.transform.email}"
}

# Pub/Sub's service agent: mint the push OIDC token, dead-letter what fails, and ack the
# forwarded messages on the subscription. The agent exists once the Pub/Sub API is
# enabled, so each grant waits for the APIs.
resource "google_service_account_iam_member" "pubsub_agent_mints_push_tokens" {
  service_account_id = google_service_account.push.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_agent

  depends_on = [google_project_service.apis]
}

resource "google_pubsub_topic_iam_member" "pubsub_agent_dead_letters" {
  project = var.project_id
  topic   = google_pubsub_topic.dead_letter.name
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_agent

  depends_on = [google_project_service.apis]
}

resource "google_pubsub_subscription_iam_member" "pubsub_agent_subscribes" {
  project      = var.project_id
  subscription = google_pubsub_subscription.push.name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent

  depends_on = [google_project_service.apis]
}

# Who may call which service (none of them is public).
resource "google_cloud_run_v2_service_iam_member" "push_invokes_ingest" {
  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.ingest.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.push.email}"
}

# Transform reads the producer's ledger for GET /reconciliation.
resource "google_cloud_run_v2_service_iam_member" "transform_invokes_producer" {
  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.producer.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.transform.email}"
}

resource "google_cloud_run_v2_service_iam_member" "scheduler_invokes_transform" {
  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.transform.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.scheduler.email}"
}

# Operators may call every service; one resource per service, each naming its service by
# reference, so no grant is made before its service exists.
resource "google_cloud_run_v2_service_iam_member" "operators_invoke_producer" {
  for_each = toset(var.operators)
  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.producer.name
  role     = "roles/run.invoker"
  member   = each.value
}

resource "google_cloud_run_v2_service_iam_member" "operators_invoke_ingest" {
  for_each = toset(var.operators)
  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.ingest.name
  role     = "roles/run.invoker"
  member   = each.value
}

resource "google_cloud_run_v2_service_iam_member" "operators_invoke_transform" {
  for_each = toset(var.operators)
  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.transform.name
  role     = "roles/run.invoker"
  member   = each.value
}
