{{ config(materialized='incremental', partition_by='order_date', tags=['sales']) }}
-- Units and net revenue (line price x quantity - line discount) per product and order date.
SELECT
  order_date,
  product_id,
  count(DISTINCT order_id) AS orders,
  sum(quantity) AS units,
  sum(net_cents) AS revenue_cents
FROM {{ ref('fct_order_lines') }}
{% if is_incremental() %}WHERE order_date IN ({{ event_dates() }}){% endif %}
GROUP BY order_date, product_id
