{{ config(materialized='incremental', partition_by='view_date', tags=['staging']) }}
SELECT
  product_id,
  occurred_at AS viewed_at,
  event_date AS view_date,
  session_id,
  product_name,
  category,
  -- Version 1 views had the category only.
  coalesce(category_path, category) AS category_path,
  brand,
  price_cents
FROM {{ first_copies('product_viewed') }} events
