{{ config(materialized='incremental', partition_by='event_date', unique_key='event_id', tags=['staging']) }}
-- Every event once: redeliveries and producer duplicates share an event_id (and so an
-- event date); the first published copy wins. Only the ids seen more than once go
-- through the window, so the bulk of the rows is never sorted. The envelope only: the
-- typed staging models join the payload back from the raw table by (_file, event_id)
-- (macro typed_events), so the ~1 KB JSON of each event is stored once.
WITH events AS (
  SELECT * FROM {{ source('raw', 'events') }}
  {% if is_incremental() %}WHERE event_date IN ({{ event_dates() }}){% endif %}
),
repeated AS (
  SELECT event_id FROM events GROUP BY event_id HAVING count(*) > 1
),
first_copies AS (
  SELECT e.*, row_number() OVER (PARTITION BY e.event_id ORDER BY e._publish_time, e._ingested_at, e._file) AS copy
  FROM events e
  JOIN repeated r ON r.event_id = e.event_id
)
SELECT e.event_id, e.event_type, e.occurred_at, e.event_date, e.session_id, e.anonymous_id, e.customer_id,
  e._message_id, e._publish_time, e._ingested_at, e._file
FROM events e
LEFT JOIN repeated r ON r.event_id = e.event_id
WHERE r.event_id IS NULL
UNION ALL
SELECT event_id, event_type, occurred_at, event_date, session_id, anonymous_id, customer_id,
  _message_id, _publish_time, _ingested_at, _file
FROM first_copies
WHERE copy = 1
