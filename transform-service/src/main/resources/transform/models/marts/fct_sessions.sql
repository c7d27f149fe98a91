{{ config(materialized='incremental', partition_by='session_date', unique_key='session_id', lookback=1, tags=['behaviour']) }}
-- One row per session with what happened in it. A session's events can run past
-- midnight, so a run that touches day D rebuilds D-1 too (lookback=1), reading events
-- from the first rebuilt day on.
WITH sessions AS (
  SELECT * FROM {{ ref('stg_sessions') }}
  {% if is_incremental() %}WHERE session_date IN ({{ event_dates() }}){% endif %}
),
steps AS (
  SELECT
    session_id,
    sum(CASE WHEN event_type = 'page_viewed' THEN 1 ELSE 0 END) AS page_views,
    sum(CASE WHEN event_type = 'product_viewed' THEN 1 ELSE 0 END) AS product_views,
    sum(CASE WHEN event_type = 'cart_item_added' THEN 1 ELSE 0 END) AS cart_adds,
    sum(CASE WHEN event_type = 'checkout_started' THEN 1 ELSE 0 END) AS checkouts,
    sum(CASE WHEN event_type = 'order_completed' THEN 1 ELSE 0 END) AS orders
  FROM {{ ref('stg_events') }}
  {% if is_incremental() %}WHERE event_date >= {{ first_event_date() }}{% endif %}
  GROUP BY session_id
),
revenue AS (
  SELECT session_id, sum(gross_cents - discount_cents) AS revenue_cents
  FROM {{ ref('fct_orders') }}
  {% if is_incremental() %}WHERE order_date >= {{ first_event_date() }}{% endif %}
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
FROM sessions s
LEFT JOIN steps ON steps.session_id = s.session_id
LEFT JOIN revenue ON revenue.session_id = s.session_id
