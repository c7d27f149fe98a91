{{ config(materialized='incremental', partition_by='reported_date', tags=['staging']) }}
-- The ad platforms' daily reports: one row per campaign and day reported (report_date),
-- partitioned by the day the report arrived.
SELECT
  event_id AS report_id,
  occurred_at AS reported_at,
  event_date AS reported_date,
  report_date,
  campaign_id,
  campaign_name,
  ad_platform,
  impressions,
  daily_budget_micros
FROM {{ first_copies('ad_impressions_reported') }} events
