{{ config(materialized='table', tags=['dimension']) }}
-- One row per product: attributes as last seen on a product page (its leaf category,
-- the category path and its top level), and the current price (the last price change,
-- else the last price shown).
WITH seen AS (
  SELECT product_id, product_name, category, category_path, brand, price_cents, viewed_at,
    row_number() OVER (PARTITION BY product_id ORDER BY viewed_at DESC) AS newest
  FROM {{ ref('stg_product_views') }}
),
changes AS (
  SELECT product_id, new_price_cents, changed_at,
    row_number() OVER (PARTITION BY product_id ORDER BY changed_at DESC) AS newest,
    count(*) OVER (PARTITION BY product_id) AS price_changes
  FROM {{ ref('stg_price_changes') }}
)
SELECT
  seen.product_id,
  seen.product_name,
  seen.category,
  seen.category_path,
  {{ split_part('seen.category_path', ' > ', 1) }} AS top_category,
  seen.brand,
  coalesce(changes.new_price_cents, seen.price_cents) AS current_price_cents,
  coalesce(changes.price_changes, 0) AS price_changes,
  changes.changed_at AS price_changed_at
FROM seen
LEFT JOIN changes ON changes.product_id = seen.product_id AND changes.newest = 1
WHERE seen.newest = 1
