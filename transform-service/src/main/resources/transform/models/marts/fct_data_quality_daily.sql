{{ config(materialized='table', tags=['quality']) }}
-- Quarantined messages per publish day and stage.
SELECT publish_date, stage, count(*) AS messages
FROM {{ source('raw', 'quarantine') }}
GROUP BY publish_date, stage
