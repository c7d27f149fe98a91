{{ config(materialized='table', tags=['quality']) }}
-- Quarantined messages per publish day and stage, and (stage 'load') lake lines the load
-- could not type, by their object's publish day. Delivery is at least once: a message
-- quarantined just before ingest stopped, and so never acknowledged, is delivered and
-- quarantined again with the same message id; it counts once. A record without a message
-- id (its envelope was unreadable) counts as one message each. Records published after the
-- run's watermark are left for a later run, as the events are.
SELECT publish_date, stage,
  count(DISTINCT message_id) + sum(CASE WHEN message_id IS NULL THEN 1 ELSE 0 END) AS messages
FROM {{ source('raw', 'quarantine') }}
{% if watermark() %}WHERE coalesce(publish_time, received_at) <= {{ watermark() }}{% endif %}
GROUP BY publish_date, stage
UNION ALL
SELECT publish_date, 'load' AS stage, count(*) AS messages
FROM {{ source('raw', 'rejects') }}
GROUP BY publish_date
