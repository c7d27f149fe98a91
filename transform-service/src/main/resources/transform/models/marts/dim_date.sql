{{ config(materialized='table', tags=['dimension']) }}
-- One row per day from the first to the last event date.
SELECT
  date_day,
  EXTRACT(YEAR FROM date_day) AS year,
  EXTRACT(MONTH FROM date_day) AS month,
  EXTRACT(DAY FROM date_day) AS day_of_month,
  {{ iso_day_of_week('date_day') }} AS iso_day_of_week,
  {{ iso_day_of_week('date_day') }} IN (6, 7) AS is_weekend
FROM {{ date_spine(ref('stg_events'), 'event_date', 'date_day') }}
