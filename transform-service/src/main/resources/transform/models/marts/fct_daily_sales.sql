{{ config(materialized='incremental', partition_by='sales_date', unique_key='sales_date', tags=['sales']) }}
-- Shopify's definitions, by UTC event date, integer cents: gross and discounts on the
-- order's date, refunds on the refund's date; net = gross - discounts - refunds;
-- total = net + shipping + tax - the tax already inside the prices (EU VAT is part of
-- gross, sales tax is added on top): what the orders charged less what was refunded.
WITH orders AS (
  SELECT order_date AS sales_date, count(*) AS orders, sum(units) AS units, sum(gross_cents) AS gross_cents,
    sum(discount_cents) AS discount_cents, sum(shipping_cents) AS shipping_cents, sum(tax_cents) AS tax_cents,
    sum(tax_included_cents) AS tax_included_cents
  FROM {{ ref('fct_orders') }}
  GROUP BY order_date
),
refunds AS (
  SELECT refund_date AS sales_date, count(*) AS refunds, sum(amount_cents) AS refund_cents
  FROM {{ ref('stg_refunds') }}
  GROUP BY refund_date
),
days AS (
  SELECT DISTINCT sales_date FROM (SELECT sales_date FROM orders UNION ALL SELECT sales_date FROM refunds) both_kinds
)
SELECT
  days.sales_date,
  coalesce(orders.orders, 0) AS orders,
  coalesce(orders.units, 0) AS units,
  coalesce(orders.gross_cents, 0) AS gross_cents,
  coalesce(orders.discount_cents, 0) AS discount_cents,
  coalesce(refunds.refunds, 0) AS refunds,
  coalesce(refunds.refund_cents, 0) AS refund_cents,
  coalesce(orders.gross_cents, 0) - coalesce(orders.discount_cents, 0) - coalesce(refunds.refund_cents, 0) AS net_cents,
  coalesce(orders.shipping_cents, 0) AS shipping_cents,
  coalesce(orders.tax_cents, 0) AS tax_cents,
  coalesce(orders.tax_included_cents, 0) AS tax_included_cents,
  coalesce(orders.gross_cents, 0) - coalesce(orders.discount_cents, 0) - coalesce(refunds.refund_cents, 0)
    + coalesce(orders.shipping_cents, 0) + coalesce(orders.tax_cents, 0) - coalesce(orders.tax_included_cents, 0)
    AS total_cents
FROM days
LEFT JOIN orders ON orders.sales_date = days.sales_date
LEFT JOIN refunds ON refunds.sales_date = days.sales_date
