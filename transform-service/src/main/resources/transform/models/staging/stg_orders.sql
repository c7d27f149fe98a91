{{ config(materialized='incremental', partition_by='order_date', tags=['staging']) }}
SELECT
  order_id,
  event_id,
  occurred_at AS ordered_at,
  event_date AS order_date,
  customer_id,
  session_id,
  checkout_id,
  subtotal_cents,
  discount_cents AS order_discount_cents,
  shipping_cents,
  tax_cents,
  -- Version 1 orders added their tax on top.
  coalesce(prices_include_tax, FALSE) AS prices_include_tax,
  total_cents,
  currency,
  payment_method,
  coupon_code,
  click_id,
  geo.country AS country,
  lines
FROM {{ first_copies('order_completed') }} events
