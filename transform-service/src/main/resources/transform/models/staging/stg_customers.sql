{{ config(materialized='incremental', partition_by='registration_date', tags=['staging']) }}
SELECT
  customer_id,
  occurred_at AS registered_at,
  event_date AS registration_date,
  {{ json_string('payload', 'geo.country') }} AS country,
  {{ json_int('payload', 'birth_year') }} AS birth_year,
  {{ json_string('payload', 'signup_channel') }} AS signup_channel
FROM {{ typed_events('customer_registered') }} events
