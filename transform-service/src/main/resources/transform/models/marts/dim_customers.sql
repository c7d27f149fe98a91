{{ config(materialized='table', tags=['dimension']) }}
WITH orders AS (
  SELECT customer_id, count(*) AS orders, min(order_date) AS first_order_date, max(order_date) AS last_order_date,
    sum(gross_cents - discount_cents) AS lifetime_net_cents
  FROM {{ ref('fct_orders') }}
  WHERE customer_id IS NOT NULL
  GROUP BY customer_id
)
SELECT
  c.customer_id,
  c.registered_at,
  c.registration_date,
  c.country,
  countries.country_name,
  countries.market,
  c.birth_year,
  c.signup_channel,
  coalesce(orders.orders, 0) AS orders,
  orders.first_order_date,
  orders.last_order_date,
  coalesce(orders.lifetime_net_cents, 0) AS lifetime_net_cents
FROM {{ ref('stg_customers') }} c
LEFT JOIN orders ON orders.customer_id = c.customer_id
LEFT JOIN {{ ref('countries') }} countries ON countries.country = c.country
