{{ config(materialized='table', tags=['quality']) }}
-- What arrived per publish day (the UTC day the bus accepted it, which is the lake's
-- partition): valid events once each, those of them that arrived late (published
-- {{ var('late_after_minutes', 5) }} minutes or more after they occurred), and quarantined
-- messages. The quarantine's only date is this one; the rate of bad messages is read here.
WITH events AS (
  SELECT CAST(_publish_time AS DATE) AS publish_date, count(*) AS events,
    sum(CASE WHEN {{ seconds_between('occurred_at', '_publish_time') }} >= {{ var('late_after_minutes', 5) * 60 }} THEN 1 ELSE 0 END) AS late_events
  FROM {{ ref('stg_events') }}
  GROUP BY CAST(_publish_time AS DATE)
),
quarantined AS (
  SELECT publish_date, sum(messages) AS quarantined
  FROM {{ ref('fct_data_quality_daily') }}
  GROUP BY publish_date
),
days AS (
  SELECT DISTINCT publish_date
  FROM (SELECT publish_date FROM events UNION ALL SELECT publish_date FROM quarantined) both_kinds
)
SELECT
  days.publish_date,
  coalesce(events.events, 0) AS events,
  coalesce(events.late_events, 0) AS late_events,
  coalesce(quarantined.quarantined, 0) AS quarantined
FROM days
LEFT JOIN events ON events.publish_date = days.publish_date
LEFT JOIN quarantined ON quarantined.publish_date = days.publish_date
