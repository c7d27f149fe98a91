{{ config(materialized='incremental', partition_by='order_date', unique_key='line_id', tags=['sales']) }}
SELECT
  line_id,
  order_id,
  order_date,
  product_id,
  variant_id,
  variant,
  quantity,
  unit_price_cents,
  quantity * unit_price_cents AS gross_cents,
  line_discount_cents,
  quantity * unit_price_cents - line_discount_cents AS net_cents
FROM {{ ref('stg_order_lines') }}
{% if is_incremental() %}WHERE order_date IN ({{ event_dates() }}){% endif %}
