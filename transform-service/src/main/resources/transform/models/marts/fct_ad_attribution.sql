{{ config(materialized='table', tags=['marketing']) }}
-- Last-click attribution per campaign and day: clicks and their cost on the click's date;
-- impressions on the day the platform's daily report covers; orders carrying a click id,
-- and their revenue (subtotal - order discount, the ledger's definition), on the order's
-- date, credited to that click's campaign.
WITH clicks AS (
  SELECT click_date AS activity_date, campaign_id, count(*) AS clicks, sum(cost_micros) AS cost_micros
  FROM {{ ref('stg_ad_clicks') }}
  GROUP BY click_date, campaign_id
),
impressions AS (
  SELECT report_date AS activity_date, campaign_id, sum(impressions) AS impressions
  FROM {{ ref('stg_ad_impressions') }}
  GROUP BY report_date, campaign_id
),
orders AS (
  SELECT o.order_date AS activity_date, c.campaign_id, count(*) AS orders,
    sum(so.subtotal_cents - so.order_discount_cents) AS revenue_cents
  FROM {{ ref('fct_orders') }} o
  JOIN {{ ref('stg_orders') }} so ON so.order_id = o.order_id
  JOIN {{ ref('stg_ad_clicks') }} c ON c.click_id = o.click_id
  GROUP BY o.order_date, c.campaign_id
),
keys AS (
  SELECT DISTINCT activity_date, campaign_id
  FROM (
    SELECT activity_date, campaign_id FROM clicks
    UNION ALL SELECT activity_date, campaign_id FROM impressions
    UNION ALL SELECT activity_date, campaign_id FROM orders
  ) every_kind
)
SELECT
  keys.activity_date,
  keys.campaign_id,
  coalesce(clicks.clicks, 0) AS clicks,
  coalesce(clicks.cost_micros, 0) AS cost_micros,
  coalesce(impressions.impressions, 0) AS impressions,
  coalesce(orders.orders, 0) AS orders,
  coalesce(orders.revenue_cents, 0) AS revenue_cents
FROM keys
LEFT JOIN clicks ON clicks.activity_date = keys.activity_date AND clicks.campaign_id = keys.campaign_id
LEFT JOIN impressions ON impressions.activity_date = keys.activity_date AND impressions.campaign_id = keys.campaign_id
LEFT JOIN orders ON orders.activity_date = keys.activity_date AND orders.campaign_id = keys.campaign_id
