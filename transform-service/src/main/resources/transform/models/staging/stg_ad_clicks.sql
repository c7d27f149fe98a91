{{ config(materialized='incremental', partition_by='click_date', tags=['staging']) }}
SELECT
  {{ json_string('payload', 'click_id') }} AS click_id,
  occurred_at AS clicked_at,
  event_date AS click_date,
  session_id,
  {{ json_string('payload', 'campaign_id') }} AS campaign_id,
  {{ json_string('payload', 'ad_platform') }} AS ad_platform,
  {{ json_int('payload', 'cost_micros') }} AS cost_micros,
  {{ json_string('payload', 'utm_campaign') }} AS utm_campaign
FROM {{ typed_events('ad_clicked') }} events
