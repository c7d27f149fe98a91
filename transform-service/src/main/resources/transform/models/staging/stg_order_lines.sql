{{ config(materialized='incremental', partition_by='order_date', tags=['staging']) }}
SELECT
  {{ json_string('line', 'line_id') }} AS line_id,
  o.order_id,
  o.order_date,
  {{ json_string('line', 'product_id') }} AS product_id,
  {{ json_int('line', 'quantity') }} AS quantity,
  {{ json_int('line', 'unit_price_cents') }} AS unit_price_cents,
  {{ json_int('line', 'discount_cents') }} AS line_discount_cents
FROM {{ ref('stg_orders') }} o
{{ json_array_join('o.payload', 'lines', 'line') }}
{% if is_incremental() %}WHERE o.order_date IN ({{ event_dates() }}){% endif %}
