{{ config(materialized='table', tags=['dimension']) }}
SELECT
  day AS date_day,
  extract(year FROM day) AS year,
  extract(month FROM day) AS month,
  extract(day FROM day) AS day_of_month,
  extract(isodow FROM day) AS iso_day_of_week,
  extract(isodow FROM day) IN (6, 7) AS is_weekend
FROM (
  SELECT CAST(unnest(generate_series(min(event_date), max(event_date), INTERVAL 1 DAY)) AS DATE) AS day
  FROM {{ ref('stg_events') }}
) days
