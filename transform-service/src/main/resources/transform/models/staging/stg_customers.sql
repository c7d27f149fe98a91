{{ config(materialized='incremental', partition_by='registration_date', tags=['staging']) }}
SELECT
  customer_id,
  occurred_at AS registered_at,
  event_date AS registration_date,
  geo.country AS country,
  birth_year,
  postal_code,
  signup_channel
FROM {{ first_copies('customer_registered') }} events
