{{ config(materialized='incremental', partition_by='click_date', tags=['staging']) }}
SELECT
  click_id,
  occurred_at AS clicked_at,
  event_date AS click_date,
  session_id,
  campaign_id,
  ad_platform,
  cost_micros,
  utm_campaign
FROM {{ first_copies('ad_clicked') }} events
