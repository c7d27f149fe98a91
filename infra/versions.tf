terraform {
  required_version = ">= 1.6"

  # State in a GCS bucket: deploy/deploy.sh passes -backend-config=bucket=... (for a
  # throw-away try, delete this block to keep the state locally).
  backend "gcs" {}

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.10"
    }
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

data "google_project" "this" {
  project_id = var.project_id
}

# The APIs every resource below needs.
resource "google_project_service" "apis" {
  for_each = toset([
    "artifactregistry.googleapis.com",
    "bigquery.googleapis.com",
    "cloudscheduler.googleapis.com",
    "iam.googleapis.com",
    # The documented impersonation (gcloud --impersonate-service-account) mints tokens here.
    "iamcredentials.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "storage.googleapis.com",
  ])
  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}

locals {
  # Cloud Run's deterministic service URLs (https://NAME-PROJECT_NUMBER.REGION.run.app):
  # known before the services exist, so the push subscription, the scheduler and each
  # service's own OIDC audience can name them without a dependency cycle.
  url_suffix    = "${data.google_project.this.number}.${var.region}.run.app"
  producer_url  = "https://${var.name_prefix}producer-${local.url_suffix}"
  ingest_url    = "https://${var.name_prefix}ingest-${local.url_suffix}"
  transform_url = "https://${var.name_prefix}transform-${local.url_suffix}"

  quarantine_bucket = "${var.lake_bucket}-quarantine"
  state_bucket      = "${var.lake_bucket}-state"
  image_base        = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
  pubsub_agent      = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}
