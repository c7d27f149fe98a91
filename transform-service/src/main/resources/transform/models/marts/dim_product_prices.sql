{{ config(materialized='table', tags=['dimension']) }}
-- Price history: one row per product and price period, from product_price_changed
-- (valid_to is NULL for the current price).
SELECT
  product_id,
  new_price_cents AS price_cents,
  old_price_cents AS previous_price_cents,
  changed_at AS valid_from,
  lead(changed_at) OVER (PARTITION BY product_id ORDER BY changed_at) AS valid_to
FROM {{ ref('stg_price_changes') }}
