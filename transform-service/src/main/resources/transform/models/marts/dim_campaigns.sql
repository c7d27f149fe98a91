{{ config(materialized='table', tags=['dimension', 'marketing']) }}
-- One row per campaign seen in a click or a platform report: its platform, its name (the
-- newest report's, else its clicks' utm_campaign), when it had clicks, and the daily
-- budget of its newest report.
WITH clicks AS (
  SELECT campaign_id, min(ad_platform) AS ad_platform, min(utm_campaign) AS utm_campaign,
    min(click_date) AS first_click_date, max(click_date) AS last_click_date
  FROM {{ ref('stg_ad_clicks') }}
  GROUP BY campaign_id
),
reports AS (
  SELECT campaign_id, campaign_name, ad_platform, daily_budget_micros, report_date,
    row_number() OVER (PARTITION BY campaign_id ORDER BY report_date DESC, reported_at DESC) AS newest
  FROM {{ ref('stg_ad_impressions') }}
),
campaigns AS (
  SELECT DISTINCT campaign_id
  FROM (SELECT campaign_id FROM clicks UNION ALL SELECT campaign_id FROM reports) both_kinds
)
SELECT
  campaigns.campaign_id,
  coalesce(clicks.ad_platform, reports.ad_platform) AS ad_platform,
  platforms.channel,
  platforms.display_name AS platform_name,
  coalesce(reports.campaign_name, clicks.utm_campaign) AS utm_campaign,
  clicks.first_click_date,
  clicks.last_click_date,
  reports.daily_budget_micros AS last_daily_budget_micros,
  reports.report_date AS last_report_date
FROM campaigns
LEFT JOIN clicks ON clicks.campaign_id = campaigns.campaign_id
LEFT JOIN reports ON reports.campaign_id = campaigns.campaign_id AND reports.newest = 1
LEFT JOIN {{ ref('ad_platforms') }} platforms ON platforms.ad_platform = coalesce(clicks.ad_platform, reports.ad_platform)
