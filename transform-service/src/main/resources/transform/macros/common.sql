{#- Macros that read the same in every dialect (rendered before the dialect's own file). -#}
{#- Every event (of one type, when event_type is given) once, with every column of the
    raw table: redeliveries and producer duplicates share an event_id (and so a type and an
    event date); the first published copy wins. Only lines published up to the run's
    watermark are shown (all when it has none): the marts then hold exactly what the bus
    had settled by then. Only the ids seen more than once (a small
    set) go through the window, so the bulk of the rows is never sorted, and the raw table
    is read directly (not through a shared CTE), so only the columns a model selects are
    read. An incremental build reads only the event dates it replaces. -#}
{% macro first_copies(event_type='') %}
{%- set where -%}
  {%- if event_type %}event_type = '{{ event_type }}'{% if is_incremental() %} AND event_date IN ({{ event_dates() }}){% endif %}
  {%- elif is_incremental() %}event_date IN ({{ event_dates() }})
  {%- else %}TRUE{% endif -%}
  {%- if watermark() %} AND _publish_time <= {{ watermark() }}{% endif -%}
{%- endset -%}
(
  WITH repeated AS (
    SELECT event_id FROM {{ source('raw', 'events') }} WHERE {{ where }} AND event_id IS NOT NULL
    GROUP BY event_id HAVING count(*) > 1
  )
  SELECT e.* FROM {{ source('raw', 'events') }} e
  WHERE {{ where }} AND e.event_id NOT IN (SELECT event_id FROM repeated)
  UNION ALL
  SELECT e.* FROM {{ source('raw', 'events') }} e
  WHERE {{ where }} AND e.event_id IN (SELECT event_id FROM repeated)
  QUALIFY row_number() OVER (PARTITION BY e.event_id ORDER BY e._publish_time, e._ingested_at, e._file) = 1
){% endmacro %}
