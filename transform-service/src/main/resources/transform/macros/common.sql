{#- Macros that read the same in every dialect (rendered before the dialect's own file). -#}
{#- The deduplicated events of one type with their payload: stg_events keeps the envelope of
    each event's first copy (and the lake object it came from), the payload stays in the raw
    table and is joined back by object, event id and message id (a lake written by the
    producer's file sink can hold two copies of an event in one object), so no model
    copies it. -#}
{% macro typed_events(event_type) %}(
  SELECT e.event_id, e.event_type, e.occurred_at, e.event_date, e.session_id, e.anonymous_id, e.customer_id,
    e._message_id, e._publish_time, e._ingested_at, r.payload
  FROM {{ ref('stg_events') }} e
  JOIN {{ source('raw', 'events') }} r
    ON r._file = e._file AND r.event_id = e.event_id AND r._message_id = e._message_id
  WHERE e.event_type = '{{ event_type }}' AND r.event_type = '{{ event_type }}'
  {%- if is_incremental() %}
    AND e.event_date IN ({{ event_dates() }}) AND r.event_date IN ({{ event_dates() }})
  {%- endif %}
){% endmacro %}
