{{ config(materialized='incremental', partition_by='order_date', tags=['staging']) }}
SELECT
  {{ json_string('payload', 'order_id') }} AS order_id,
  event_id,
  occurred_at AS ordered_at,
  event_date AS order_date,
  customer_id,
  session_id,
  {{ json_string('payload', 'checkout_id') }} AS checkout_id,
  {{ json_int('payload', 'subtotal_cents') }} AS subtotal_cents,
  {{ json_int('payload', 'discount_cents') }} AS order_discount_cents,
  {{ json_int('payload', 'shipping_cents') }} AS shipping_cents,
  {{ json_int('payload', 'tax_cents') }} AS tax_cents,
  {{ json_int('payload', 'total_cents') }} AS total_cents,
  {{ json_string('payload', 'currency') }} AS currency,
  {{ json_string('payload', 'payment_method') }} AS payment_method,
  {{ json_string('payload', 'coupon_code') }} AS coupon_code,
  {{ json_string('payload', 'click_id') }} AS click_id,
  {{ json_string('payload', 'geo.country') }} AS country,
  payload
FROM {{ typed_events('order_completed') }} events
