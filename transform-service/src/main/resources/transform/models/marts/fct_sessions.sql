{{ config(materialized='table', unique_key='session_id', tags=['behaviour']) }}
-- One row per session with what happened in it. Rebuilt whole: a session's events can
-- cross midnight, so its row depends on more than one event date.
WITH steps AS (
  SELECT
    {{ json_string('payload', 'session_id') }} AS session_id,
    sum(CASE WHEN event_type = 'page_viewed' THEN 1 ELSE 0 END) AS page_views,
    sum(CASE WHEN event_type = 'product_viewed' THEN 1 ELSE 0 END) AS product_views,
    sum(CASE WHEN event_type = 'cart_item_added' THEN 1 ELSE 0 END) AS cart_adds,
    sum(CASE WHEN event_type = 'checkout_started' THEN 1 ELSE 0 END) AS checkouts,
    sum(CASE WHEN event_type = 'order_completed' THEN 1 ELSE 0 END) AS orders
  FROM {{ ref('stg_events') }}
  GROUP BY 1
),
revenue AS (
  SELECT session_id, sum(gross_cents - discount_cents) AS revenue_cents
  FROM {{ ref('fct_orders') }}
  GROUP BY session_id
)
SELECT
  s.session_id,
  s.session_date,
  s.started_at,
  s.anonymous_id,
  s.customer_id,
  s.device_type,
  s.country,
  s.utm_source,
  s.utm_medium,
  s.utm_campaign,
  s.click_id,
  coalesce(steps.page_views, 0) AS page_views,
  coalesce(steps.product_views, 0) AS product_views,
  coalesce(steps.cart_adds, 0) AS cart_adds,
  coalesce(steps.checkouts, 0) AS checkouts,
  coalesce(steps.orders, 0) AS orders,
  coalesce(revenue.revenue_cents, 0) AS revenue_cents
FROM {{ ref('stg_sessions') }} s
LEFT JOIN steps ON steps.session_id = s.session_id
LEFT JOIN revenue ON revenue.session_id = s.session_id
