locals {
  service_names = {
    producer  = "${var.name_prefix}producer"
    ingest    = "${var.name_prefix}ingest"
    transform = "${var.name_prefix}transform"
  }
}

# The producer generates traffic between requests, so its CPU is always allocated and
# one instance stays up; its control API is invokable by operators only.
resource "google_cloud_run_v2_service" "producer" {
  project             = var.project_id
  name                = local.service_names.producer
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = false

  template {
    service_account                  = google_service_account.producer.email
    max_instance_request_concurrency = 20

    scaling {
      min_instance_count = 1
      max_instance_count = 1
    }

    containers {
      image = "${local.image_base}/producer-service:${var.image_tag}"

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = "2"
          memory = "2Gi"
        }
        cpu_idle          = false
        startup_cpu_boost = true
      }

      env {
        name  = "SPRING_PROFILES_ACTIVE"
        value = "gcp"
      }
      env {
        name  = "SERVER_PORT"
        value = "8080"
      }
      env {
        name  = "SHOPLAKE_TOPIC"
        value = google_pubsub_topic.events.name
      }
      env {
        name  = "SHOPLAKE_LEDGER_URI"
        value = "gs://${google_storage_bucket.state.name}/producer/ledger.json"
      }
      env {
        name  = "SHOPLAKE_AUTH_AUDIENCE"
        value = local.producer_url
      }
      env {
        name  = "SHOPLAKE_AUTH_OPERATIONS_EMAILS"
        value = join(",", var.operator_emails)
      }
      env {
        name  = "SHOPLAKE_AUTH_READ_EMAILS"
        value = join(",", concat([google_service_account.transform.email], var.operator_emails))
      }

      startup_probe {
        http_get {
          path = "/actuator/health/readiness"
        }
        # 24 x 10 s = 240 s, the most Cloud Run allows: while a start-up preparation
        # retries (IAM grants propagating), readiness answers 503.
        period_seconds    = 10
        failure_threshold = 24
      }

      liveness_probe {
        http_get {
          path = "/actuator/health/liveness"
        }
        period_seconds = 15
      }
    }
  }

  # Its grants first: the ledger is read at start-up and traffic publishes to the topic.
  depends_on = [
    google_project_service.apis,
    google_pubsub_topic_iam_member.producer_publishes,
    google_storage_bucket_iam_member.producer_state,
  ]
}

# Ingest scales with the push rate; CPU only while requests are served (a push is
# acknowledged only after its group commit, so no work is left between requests).
resource "google_cloud_run_v2_service" "ingest" {
  project             = var.project_id
  name                = local.service_names.ingest
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = false

  template {
    service_account                  = google_service_account.ingest.email
    max_instance_request_concurrency = 250
    timeout                          = "60s"

    scaling {
      min_instance_count = 0
      max_instance_count = var.ingest_max_instances
    }

    containers {
      image = "${local.image_base}/ingest-service:${var.image_tag}"

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = "2"
          memory = "1Gi"
        }
        cpu_idle          = true
        startup_cpu_boost = true
      }

      env {
        name  = "SPRING_PROFILES_ACTIVE"
        value = "gcp"
      }
      env {
        name  = "SERVER_PORT"
        value = "8080"
      }
      env {
        name  = "SHOPLAKE_LAKE_BUCKET"
        value = google_storage_bucket.lake.name
      }
      env {
        name  = "SHOPLAKE_QUARANTINE_BUCKET"
        value = google_storage_bucket.quarantine.name
      }
      env {
        name  = "SHOPLAKE_AUTH_AUDIENCE"
        value = local.ingest_url
      }
      env {
        name  = "SHOPLAKE_AUTH_PUSH_EMAILS"
        value = google_service_account.push.email
      }
      env {
        name  = "SHOPLAKE_AUTH_OPERATIONS_EMAILS"
        value = join(",", var.operator_emails)
      }
      env {
        name  = "SHOPLAKE_AUTH_READ_EMAILS"
        value = join(",", var.operator_emails)
      }

      startup_probe {
        http_get {
          path = "/actuator/health/readiness"
        }
        # 24 x 10 s = 240 s, the most Cloud Run allows: while a start-up preparation
        # retries (IAM grants propagating), readiness answers 503.
        period_seconds    = 10
        failure_threshold = 24
      }

      liveness_probe {
        http_get {
          path = "/actuator/health/liveness"
        }
        period_seconds = 15
      }
    }
  }

  # Its grants first: the health probe writes to the lake, every push to a bucket.
  depends_on = [
    google_project_service.apis,
    google_storage_bucket_iam_member.ingest_creates,
    google_storage_bucket_iam_member.ingest_reads,
  ]
}

# One transform instance at most, so two schedules never run at once (the service also
# refuses a second run with 409); CPU stays allocated while a run goes on after the 202.
resource "google_cloud_run_v2_service" "transform" {
  project             = var.project_id
  name                = local.service_names.transform
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = false

  template {
    service_account                  = google_service_account.transform.email
    max_instance_request_concurrency = 40
    # Longer than the scheduler's attempt deadline (30 min): a run the scheduler waits for
    # keeps its request, and so its instance.
    timeout = "1860s"

    scaling {
      min_instance_count = 0
      max_instance_count = 1
    }

    containers {
      image = "${local.image_base}/transform-service:${var.image_tag}"

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = "2"
          memory = "4Gi"
        }
        cpu_idle          = false
        startup_cpu_boost = true
      }

      env {
        name  = "SPRING_PROFILES_ACTIVE"
        value = "gcp"
      }
      env {
        name  = "SERVER_PORT"
        value = "8080"
      }
      env {
        name  = "SHOPLAKE_PROJECT_ID"
        value = var.project_id
      }
      env {
        name  = "SHOPLAKE_BIGQUERY_LOCATION"
        value = var.bigquery_location
      }
      env {
        name  = "SHOPLAKE_LAKE_BUCKET"
        value = google_storage_bucket.lake.name
      }
      env {
        name  = "SHOPLAKE_QUARANTINE_BUCKET"
        value = google_storage_bucket.quarantine.name
      }
      env {
        name  = "SHOPLAKE_PRODUCER_URL"
        value = local.producer_url
      }
      env {
        name  = "SHOPLAKE_AUTH_AUDIENCE"
        value = local.transform_url
      }
      env {
        name  = "SHOPLAKE_AUTH_OPERATIONS_EMAILS"
        value = join(",", concat([google_service_account.scheduler.email], var.operator_emails))
      }
      env {
        name  = "SHOPLAKE_AUTH_READ_EMAILS"
        value = join(",", var.operator_emails)
      }

      startup_probe {
        http_get {
          path = "/actuator/health/readiness"
        }
        # 24 x 10 s = 240 s, the most Cloud Run allows: while a start-up preparation
        # retries (IAM grants propagating), readiness answers 503.
        period_seconds    = 10
        failure_threshold = 24
      }

      liveness_probe {
        http_get {
          path = "/actuator/health/liveness"
        }
        period_seconds = 30
      }
    }
  }

  # Its datasets and grants first: the state and raw tables are made at start-up.
  depends_on = [
    google_project_service.apis,
    google_bigquery_dataset.layers,
    google_bigquery_table.raw_events,
    google_bigquery_table.raw_quarantine,
    google_bigquery_dataset_iam_member.transform_writes,
    google_project_iam_member.transform_runs_jobs,
    google_storage_bucket_iam_member.transform_reads,
    google_cloud_run_v2_service_iam_member.transform_invokes_producer,
  ]
}
