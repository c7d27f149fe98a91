{{ config(materialized='incremental', partition_by='view_date', tags=['staging']) }}
SELECT
  {{ json_string('payload', 'product_id') }} AS product_id,
  occurred_at AS viewed_at,
  event_date AS view_date,
  session_id,
  {{ json_string('payload', 'product_name') }} AS product_name,
  {{ json_string('payload', 'category') }} AS category,
  {{ json_string('payload', 'brand') }} AS brand,
  {{ json_int('payload', 'price_cents') }} AS price_cents
FROM {{ typed_events('product_viewed') }} events
