{{ config(materialized='incremental', partition_by='change_date', tags=['staging']) }}
SELECT
  product_id,
  occurred_at AS changed_at,
  event_date AS change_date,
  old_price_cents,
  new_price_cents
FROM {{ first_copies('product_price_changed') }} events
