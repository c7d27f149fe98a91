{{ config(materialized='incremental', partition_by='refund_date', tags=['staging']) }}
SELECT
  {{ json_string('payload', 'refund_id') }} AS refund_id,
  {{ json_string('payload', 'order_id') }} AS order_id,
  occurred_at AS refunded_at,
  event_date AS refund_date,
  {{ json_int('payload', 'amount_cents') }} AS amount_cents,
  {{ json_array_length('payload', 'line_ids') }} AS lines_refunded,
  {{ json_string('payload', 'reason') }} AS reason
FROM {{ typed_events('order_refunded') }} events
