# The raw lake: immutable objects under events/year=/month=/day=/, so versioning is off;
# older objects move to Nearline.
resource "google_storage_bucket" "lake" {
  project                     = var.project_id
  name                        = var.lake_bucket
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  versioning {
    enabled = false
  }

  lifecycle_rule {
    condition {
      age = var.lake_nearline_after_days
    }
    action {
      type          = "SetStorageClass"
      storage_class = "NEARLINE"
    }
  }

  depends_on = [google_project_service.apis]
}

# Rejected messages with their stage and reason, kept long enough to fix and replay.
resource "google_storage_bucket" "quarantine" {
  project                     = var.project_id
  name                        = local.quarantine_bucket
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  versioning {
    enabled = false
  }

  lifecycle_rule {
    condition {
      age = var.quarantine_retention_days
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}

# Producer state: its ledger (the reconciliation's oracle), one small object replaced at
# each save (every 10 s while traffic runs). Versioned, so an earlier ledger can be
# restored; replaced versions are deleted after a week.
resource "google_storage_bucket" "state" {
  project                     = var.project_id
  name                        = local.state_bucket
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = 7
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}
