{{ config(materialized='incremental', partition_by='order_date', unique_key='order_id', tags=['sales']) }}
WITH lines AS (
  SELECT order_id, count(*) AS line_count, sum(quantity) AS units, sum(gross_cents) AS gross_cents,
    sum(line_discount_cents) AS line_discount_cents
  FROM {{ ref('fct_order_lines') }}
  {% if is_incremental() %}WHERE order_date IN ({{ event_dates() }}){% endif %}
  GROUP BY order_id
)
SELECT
  o.order_id,
  o.ordered_at,
  o.order_date,
  o.customer_id,
  o.session_id,
  o.click_id,
  o.country,
  o.payment_method,
  o.coupon_code,
  lines.line_count,
  lines.units,
  lines.gross_cents,
  lines.line_discount_cents + o.order_discount_cents AS discount_cents,
  o.shipping_cents,
  o.tax_cents,
  o.prices_include_tax,
  CASE WHEN o.prices_include_tax THEN o.tax_cents ELSE 0 END AS tax_included_cents,
  o.total_cents,
  o.currency
FROM {{ ref('stg_orders') }} o
JOIN lines ON lines.order_id = o.order_id
{% if is_incremental() %}WHERE o.order_date IN ({{ event_dates() }}){% endif %}
