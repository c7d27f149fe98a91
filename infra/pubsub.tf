resource "google_pubsub_topic" "events" {
  project                    = var.project_id
  name                       = "ecommerce-events"
  message_retention_duration = var.message_retention_duration

  depends_on = [google_project_service.apis]
}

resource "google_pubsub_topic" "dead_letter" {
  project                    = var.project_id
  name                       = "ecommerce-events-dead-letter"
  message_retention_duration = var.message_retention_duration

  depends_on = [google_project_service.apis]
}

# Pushes every event to ingest with an OIDC token of the push service account; ingest
# acknowledges (2xx) only once the event is durably in the lake or the quarantine.
resource "google_pubsub_subscription" "push" {
  project                    = var.project_id
  name                       = "ecommerce-events-push"
  topic                      = google_pubsub_topic.events.id
  ack_deadline_seconds       = var.push_ack_deadline_seconds
  message_retention_duration = var.message_retention_duration

  push_config {
    push_endpoint = "${local.ingest_url}/pubsub/push"

    oidc_token {
      service_account_email = google_service_account.push.email
      audience              = local.ingest_url
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter.id
    max_delivery_attempts = var.max_delivery_attempts
  }

  expiration_policy {
    ttl = ""
  }
}

# Where dead letters wait to be inspected (docs/runbook.md).
resource "google_pubsub_subscription" "dead_letter" {
  project                    = var.project_id
  name                       = "ecommerce-events-dead-letter-pull"
  topic                      = google_pubsub_topic.dead_letter.id
  ack_deadline_seconds       = 60
  message_retention_duration = var.message_retention_duration

  expiration_policy {
    ttl = ""
  }
}
