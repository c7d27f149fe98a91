{{ config(materialized='incremental', partition_by='event_date', unique_key='event_id', tags=['staging']) }}
-- Every event once (macro first_copies: the first published copy of each event_id), its
-- envelope only; the typed staging models read their own fields from the raw table.
SELECT event_id, event_type, occurred_at, event_date, session_id, anonymous_id, customer_id,
  _message_id, _publish_time, _delivery_attempt, _ingested_at
FROM {{ first_copies() }} events
