{{ config(materialized='incremental', partition_by='event_date', tags=['quality']) }}
-- Valid events per event date and type, once each (after dedupe), with how many arrived
-- late: published {{ var('late_after_minutes', 5) }} minutes or more after they occurred
-- (mobile apps that were offline, a tracking queue that caught up).
SELECT
  event_date,
  event_type,
  count(*) AS events,
  sum(CASE WHEN {{ seconds_between('occurred_at', '_publish_time') }} >= {{ var('late_after_minutes', 5) * 60 }} THEN 1 ELSE 0 END) AS late_events
FROM {{ ref('stg_events') }}
{% if is_incremental() %}WHERE event_date IN ({{ event_dates() }}){% endif %}
GROUP BY event_date, event_type
