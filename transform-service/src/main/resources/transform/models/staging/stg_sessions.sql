{{ config(materialized='incremental', partition_by='session_date', tags=['staging']) }}
SELECT
  session_id,
  occurred_at AS started_at,
  event_date AS session_date,
  anonymous_id,
  customer_id,
  {{ json_string('payload', 'device.type') }} AS device_type,
  {{ json_string('payload', 'geo.country') }} AS country,
  {{ json_string('payload', 'landing_page') }} AS landing_page,
  {{ json_string('payload', 'referrer') }} AS referrer,
  {{ json_string('payload', 'utm_source') }} AS utm_source,
  {{ json_string('payload', 'utm_medium') }} AS utm_medium,
  {{ json_string('payload', 'utm_campaign') }} AS utm_campaign,
  {{ json_string('payload', 'click_id') }} AS click_id
FROM {{ typed_events('session_started') }} events
