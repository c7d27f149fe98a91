{#- DuckDB implementations of what differs between the dialects. -#}
{% macro json_string(column, path) %}({{ column }}->>'$.{{ path }}'){% endmacro %}
{% macro json_int(column, path) %}CAST({{ column }}->>'$.{{ path }}' AS BIGINT){% endmacro %}
{% macro json_timestamp(column, path) %}CAST({{ column }}->>'$.{{ path }}' AS TIMESTAMP){% endmacro %}
{% macro json_array_join(column, path, alias) %}CROSS JOIN unnest(CAST({{ column }}->'$.{{ path }}' AS JSON[])) AS _{{ alias }}({{ alias }}){% endmacro %}
{% macro json_array_length(column, path) %}json_array_length({{ column }}, '$.{{ path }}'){% endmacro %}
{% macro to_date(expression) %}CAST({{ expression }} AS DATE){% endmacro %}
{% macro date_spine(relation, column, alias) %}(SELECT CAST(unnest(generate_series(min({{ column }}), max({{ column }}), INTERVAL 1 DAY)) AS DATE) AS {{ alias }} FROM {{ relation }}) AS _spine{% endmacro %}
{% macro iso_day_of_week(expression) %}isodow({{ expression }}){% endmacro %}
