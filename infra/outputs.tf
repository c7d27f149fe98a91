output "producer_url" {
  description = "Producer's control API (operators only): POST /traffic/start, GET /ledger."
  value       = google_cloud_run_v2_service.producer.uri
}

output "ingest_url" {
  description = "Ingest's URL; Pub/Sub pushes to <url>/pubsub/push."
  value       = google_cloud_run_v2_service.ingest.uri
}

output "transform_url" {
  description = "Transform's dashboard (/) and API (/runs, /models, /lineage, /reconciliation), operators only."
  value       = google_cloud_run_v2_service.transform.uri
}

output "topic" {
  description = "Pub/Sub topic the producer publishes to."
  value       = google_pubsub_topic.events.name
}

output "push_subscription" {
  description = "Push subscription delivering to ingest."
  value       = google_pubsub_subscription.push.name
}

output "dead_letter_subscription" {
  description = "Pull subscription holding messages that exhausted their deliveries."
  value       = google_pubsub_subscription.dead_letter.name
}

output "lake_bucket" {
  description = "Lake bucket (events/year=/month=/day=/)."
  value       = google_storage_bucket.lake.name
}

output "quarantine_bucket" {
  description = "Quarantine bucket (failed/year=/month=/day=/)."
  value       = google_storage_bucket.quarantine.name
}

output "state_bucket" {
  description = "Producer state bucket (producer/ledger.json, versioned)."
  value       = google_storage_bucket.state.name
}

output "bigquery_datasets" {
  description = "Dataset per layer (raw, staging, marts)."
  value       = { for layer, dataset in google_bigquery_dataset.layers : layer => dataset.dataset_id }
}

output "image_repository" {
  description = "Artifact Registry path the images are pushed to."
  value       = local.image_base
}

output "service_accounts" {
  description = "Service account e-mail of each service and caller."
  value = {
    producer  = google_service_account.producer.email
    ingest    = google_service_account.ingest.email
    transform = google_service_account.transform.email
    push      = google_service_account.push.email
    scheduler = google_service_account.scheduler.email
  }
}
