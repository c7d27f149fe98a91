# The daily transform run (and optionally an hourly one): POST /runs?wait=true with an
# OIDC token of the scheduler service account. The request stays open until the run ends
# (so Cloud Run keeps the instance allocated, and the job's status is the run's: 200
# success, 500 failed), within Cloud Scheduler's longest attempt deadline (30 min), below
# transform's request timeout and its run deadline. Delivery is at least once; transform
# answers a second trigger during a run with 409, which Cloud Scheduler records as a
# failed attempt.
resource "google_cloud_scheduler_job" "transform_daily" {
  project          = var.project_id
  region           = var.region
  name             = "${var.name_prefix}shoplake-transform-daily"
  description      = "Daily ShopLake transform run"
  schedule         = var.transform_schedule
  time_zone        = var.transform_time_zone
  attempt_deadline = "1800s"

  retry_config {
    retry_count          = 3
    min_backoff_duration = "60s"
  }

  http_target {
    http_method = "POST"
    uri         = "${local.transform_url}/runs?wait=true"
    body        = base64encode("{}")
    headers = {
      "Content-Type" = "application/json"
    }

    oidc_token {
      service_account_email = google_service_account.scheduler.email
      audience              = local.transform_url
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_cloud_scheduler_job" "transform_hourly" {
  count            = var.transform_hourly ? 1 : 0
  project          = var.project_id
  region           = var.region
  name             = "${var.name_prefix}shoplake-transform-hourly"
  description      = "Hourly ShopLake transform run"
  schedule         = "5 * * * *"
  time_zone        = var.transform_time_zone
  attempt_deadline = "1800s"

  http_target {
    http_method = "POST"
    uri         = "${local.transform_url}/runs?wait=true"
    body        = base64encode("{}")
    headers = {
      "Content-Type" = "application/json"
    }

    oidc_token {
      service_account_email = google_service_account.scheduler.email
      audience              = local.transform_url
    }
  }

  depends_on = [google_project_service.apis]
}
