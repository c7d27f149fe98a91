{{ config(materialized='incremental', partition_by='order_date', tags=['staging']) }}
SELECT
  line.line_id AS line_id,
  o.order_id,
  o.order_date,
  line.product_id AS product_id,
  line.variant_id AS variant_id,
  line.variant AS variant,
  line.quantity AS quantity,
  line.unit_price_cents AS unit_price_cents,
  line.discount_cents AS line_discount_cents
FROM {{ ref('stg_orders') }} o
{{ array_join('o.lines', 'line') }}
{% if is_incremental() %}WHERE o.order_date IN ({{ event_dates() }}){% endif %}
