{{ config(materialized='incremental', partition_by='change_date', tags=['staging']) }}
SELECT
  {{ json_string('payload', 'product_id') }} AS product_id,
  occurred_at AS changed_at,
  event_date AS change_date,
  {{ json_int('payload', 'old_price_cents') }} AS old_price_cents,
  {{ json_int('payload', 'new_price_cents') }} AS new_price_cents
FROM {{ typed_events('product_price_changed') }} events
