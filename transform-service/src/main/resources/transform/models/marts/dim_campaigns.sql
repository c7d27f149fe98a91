{{ config(materialized='table', tags=['dimension', 'marketing']) }}
SELECT
  clicks.campaign_id,
  clicks.ad_platform,
  platforms.channel,
  platforms.display_name AS platform_name,
  clicks.utm_campaign,
  clicks.first_click_date,
  clicks.last_click_date
FROM (
  SELECT campaign_id, min(ad_platform) AS ad_platform, min(utm_campaign) AS utm_campaign,
    min(click_date) AS first_click_date, max(click_date) AS last_click_date
  FROM {{ ref('stg_ad_clicks') }}
  GROUP BY campaign_id
) clicks
LEFT JOIN {{ ref('ad_platforms') }} platforms ON platforms.ad_platform = clicks.ad_platform
