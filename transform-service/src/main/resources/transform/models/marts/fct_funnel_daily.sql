{{ config(materialized='table', tags=['behaviour']) }}
-- Sessions per day reaching each step: product view, cart, checkout, order.
SELECT
  session_date,
  count(*) AS sessions,
  sum(CASE WHEN product_views > 0 THEN 1 ELSE 0 END) AS with_product_view,
  sum(CASE WHEN cart_adds > 0 THEN 1 ELSE 0 END) AS with_cart,
  sum(CASE WHEN checkouts > 0 THEN 1 ELSE 0 END) AS with_checkout,
  sum(CASE WHEN orders > 0 THEN 1 ELSE 0 END) AS with_order
FROM {{ ref('fct_sessions') }}
GROUP BY session_date
