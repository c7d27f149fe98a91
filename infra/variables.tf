variable "project_id" {
  description = "Google Cloud project that holds every ShopLake resource."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a Google Cloud project id (6-30 lower-case letters, digits, hyphens)."
  }
}

variable "region" {
  description = "Region of the Cloud Run services, Artifact Registry, Cloud Scheduler and the buckets."
  type        = string
  default     = "europe-west1"
}

variable "bigquery_location" {
  description = "Location of the BigQuery datasets (a multi-region such as EU or US, or a region); must be able to read the lake bucket's region."
  type        = string
  default     = "EU"
}

variable "name_prefix" {
  description = "Prefix of the Cloud Run service names (e.g. \"dev-\"); empty for producer, ingest, transform."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^([a-z][a-z0-9-]{0,20})?$", var.name_prefix))
    error_message = "name_prefix must be empty or start with a letter and use lower-case letters, digits and hyphens (at most 21)."
  }
}

variable "lake_bucket" {
  description = "Name of the lake bucket (globally unique); the quarantine is \"<lake_bucket>-quarantine\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]{1,50}[a-z0-9]$", var.lake_bucket))
    error_message = "lake_bucket must be 3-52 characters of lower-case letters, digits, hyphens and underscores (the quarantine suffix needs the rest of the 63)."
  }
}

variable "image_tag" {
  description = "Tag of the three service images in Artifact Registry (deploy/deploy.sh pushes them)."
  type        = string
  default     = "latest"
}

variable "lake_nearline_after_days" {
  description = "Age in days after which lake objects move to Nearline storage."
  type        = number
  default     = 30

  validation {
    condition     = var.lake_nearline_after_days >= 1
    error_message = "lake_nearline_after_days must be at least 1."
  }
}

variable "quarantine_retention_days" {
  description = "Age in days after which quarantined records are deleted; keep it longer than any replay you may need."
  type        = number
  default     = 180

  validation {
    condition     = var.quarantine_retention_days >= 30
    error_message = "quarantine_retention_days must be at least 30, so there is time to fix and replay."
  }
}

variable "message_retention_duration" {
  description = "How long Pub/Sub keeps unacknowledged messages (topic and subscriptions), e.g. \"604800s\"."
  type        = string
  default     = "604800s"

  validation {
    condition     = can(regex("^[0-9]+s$", var.message_retention_duration))
    error_message = "message_retention_duration must be seconds with an \"s\" suffix, e.g. \"604800s\"."
  }
}

variable "push_ack_deadline_seconds" {
  description = "Ack deadline of the push subscription; above ingest's group-commit flush bound (200 ms) plus a write, with room to spare."
  type        = number
  default     = 60

  validation {
    condition     = var.push_ack_deadline_seconds >= 10 && var.push_ack_deadline_seconds <= 600
    error_message = "push_ack_deadline_seconds must be between 10 and 600."
  }
}

variable "max_delivery_attempts" {
  description = "Deliveries of a message before Pub/Sub moves it to the dead-letter topic."
  type        = number
  default     = 10

  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100 (Pub/Sub's limits)."
  }
}

variable "ingest_max_instances" {
  description = "Most ingest instances Cloud Run may start under load."
  type        = number
  default     = 10

  validation {
    condition     = var.ingest_max_instances >= 1
    error_message = "ingest_max_instances must be at least 1."
  }
}

variable "transform_schedule" {
  description = "Cron (in transform_time_zone) of the daily transform run Cloud Scheduler triggers."
  type        = string
  default     = "15 2 * * *"
}

variable "transform_hourly" {
  description = "Also trigger a transform run every hour (at minute 5)."
  type        = bool
  default     = false
}

variable "transform_time_zone" {
  description = "Time zone of the transform schedules."
  type        = string
  default     = "Etc/UTC"
}

variable "operators" {
  description = "Members (e.g. \"user:ana@example.com\", \"group:data@example.com\") who may call the producer's control API, replay the quarantine and open transform's dashboard and API. Never allUsers."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for m in var.operators : can(regex("^(user|group|serviceAccount):", m))])
    error_message = "operators must be user:, group: or serviceAccount: members (allUsers and allAuthenticatedUsers are not allowed)."
  }
}

variable "operator_emails" {
  description = "E-mail addresses of the operators' identities, as they appear in their OIDC tokens (the services check them)."
  type        = list(string)
  default     = []
}
