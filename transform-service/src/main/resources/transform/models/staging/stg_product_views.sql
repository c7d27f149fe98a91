{{ config(materialized='view', tags=['staging']) }}
SELECT
  {{ json_string('payload', 'product_id') }} AS product_id,
  occurred_at AS viewed_at,
  event_date AS view_date,
  {{ json_string('payload', 'session_id') }} AS session_id,
  {{ json_string('payload', 'product_name') }} AS product_name,
  {{ json_string('payload', 'category') }} AS category,
  {{ json_string('payload', 'brand') }} AS brand,
  {{ json_int('payload', 'price_cents') }} AS price_cents
FROM {{ ref('stg_events') }}
WHERE event_type = 'product_viewed'
