{{ config(materialized='incremental', partition_by='refund_date', tags=['staging']) }}
SELECT
  refund_id,
  order_id,
  occurred_at AS refunded_at,
  event_date AS refund_date,
  amount_cents,
  {{ array_length('line_ids') }} AS lines_refunded,
  reason
FROM {{ first_copies('order_refunded') }} events
