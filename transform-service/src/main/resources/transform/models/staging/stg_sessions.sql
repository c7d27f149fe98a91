{{ config(materialized='incremental', partition_by='session_date', tags=['staging']) }}
SELECT
  session_id,
  occurred_at AS started_at,
  event_date AS session_date,
  anonymous_id,
  customer_id,
  device.type AS device_type,
  geo.country AS country,
  landing_page,
  referrer,
  utm_source,
  utm_medium,
  utm_campaign,
  click_id
FROM {{ first_copies('session_started') }} events
