{{ config(materialized='incremental', partition_by='event_date', tags=['quality']) }}
-- Valid events per event date and type, once each (after dedupe), with how many were
-- published on a later UTC day than they occurred (late arrivals).
SELECT
  event_date,
  event_type,
  count(*) AS events,
  sum(CASE WHEN CAST(_publish_time AS DATE) > event_date THEN 1 ELSE 0 END) AS late_events
FROM {{ ref('stg_events') }}
{% if is_incremental() %}WHERE event_date IN ({{ event_dates() }}){% endif %}
GROUP BY event_date, event_type
