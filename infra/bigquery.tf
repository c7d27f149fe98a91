# One dataset per layer. Terraform owns the datasets and the raw external tables; the
# transform service owns every table it builds inside staging and marts.
resource "google_bigquery_dataset" "layers" {
  for_each = {
    raw     = "Raw lake and quarantine, as external tables over the buckets"
    staging = "Typed, deduplicated staging models"
    marts   = "Dimensions and facts: what dashboards and Looker Studio read"
  }
  project       = var.project_id
  dataset_id    = "shoplake_${each.key}"
  location      = var.bigquery_location
  description   = each.value
  friendly_name = "ShopLake ${each.key}"

  depends_on = [google_project_service.apis]
}

# Every lake line, whole, as one STRING column: the line is one JSON object whose fields
# differ by event type, so the declared schema is "the line"; transform's load parses it
# once into raw_events, one typed column per field of the contract. Partition columns come from the hive layout, declared as INTEGER
# (never inferred), and a query must filter on them.
resource "google_bigquery_table" "raw_events" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.layers["raw"].dataset_id
  table_id            = "events"
  description         = "Lake lines (gs://${var.lake_bucket}/events/year=/month=/day=/*.ndjson.gz)"
  deletion_protection = false

  external_data_configuration {
    source_format = "CSV"
    compression   = "GZIP"
    autodetect    = false
    source_uris   = ["gs://${google_storage_bucket.lake.name}/events/*"]

    schema = jsonencode([
      { name = "line", type = "STRING", mode = "REQUIRED", description = "One lake line: the event JSON with _message_id, _publish_time, _delivery_attempt and _ingested_at" },
    ])

    # A delimiter and quote that never occur in the JSON lines, so each line is one field.
    csv_options {
      field_delimiter   = "þ"
      quote             = ""
      allow_jagged_rows = false
    }

    hive_partitioning_options {
      mode                     = "CUSTOM"
      source_uri_prefix        = "gs://${google_storage_bucket.lake.name}/events/{year:INTEGER}/{month:INTEGER}/{day:INTEGER}"
      require_partition_filter = true
    }
  }
}

resource "google_bigquery_table" "raw_quarantine" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.layers["raw"].dataset_id
  table_id            = "quarantine"
  description         = "Quarantined records (gs://${local.quarantine_bucket}/failed/year=/month=/day=/*.ndjson.gz)"
  deletion_protection = false

  external_data_configuration {
    source_format = "CSV"
    compression   = "GZIP"
    autodetect    = false
    source_uris   = ["gs://${google_storage_bucket.quarantine.name}/failed/*"]

    schema = jsonencode([
      { name = "line", type = "STRING", mode = "REQUIRED", description = "One quarantine record as JSON: stage, errors, message id, payload" },
    ])

    csv_options {
      field_delimiter   = "þ"
      quote             = ""
      allow_jagged_rows = false
    }

    hive_partitioning_options {
      mode                     = "CUSTOM"
      source_uri_prefix        = "gs://${google_storage_bucket.quarantine.name}/failed/{year:INTEGER}/{month:INTEGER}/{day:INTEGER}"
      require_partition_filter = true
    }
  }
}
