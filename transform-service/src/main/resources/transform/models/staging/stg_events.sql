{{ config(materialized='incremental', partition_by='event_date', unique_key='event_id', tags=['staging']) }}
-- Every event once: redeliveries and producer duplicates share an event_id (and so an
-- event date); the first published copy wins.
SELECT event_id, event_type, occurred_at, event_date, session_id, anonymous_id, customer_id, _message_id,
  _publish_time, _ingested_at, payload
FROM (
  SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY _publish_time, _ingested_at, _file) AS copy
  FROM {{ source('raw', 'events') }}
  {% if is_incremental() %}WHERE event_date IN ({{ event_dates() }}){% endif %}
) numbered
WHERE copy = 1
