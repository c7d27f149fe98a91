{#- BigQuery implementations of what differs between the dialects. -#}
{% macro json_string(column, path) %}JSON_VALUE({{ column }}, '$.{{ path }}'){% endmacro %}
{% macro json_int(column, path) %}CAST(JSON_VALUE({{ column }}, '$.{{ path }}') AS INT64){% endmacro %}
{% macro json_timestamp(column, path) %}TIMESTAMP(JSON_VALUE({{ column }}, '$.{{ path }}')){% endmacro %}
{% macro json_array_join(column, path, alias) %}CROSS JOIN UNNEST(JSON_QUERY_ARRAY({{ column }}, '$.{{ path }}')) AS {{ alias }}{% endmacro %}
{% macro json_array_length(column, path) %}ARRAY_LENGTH(JSON_QUERY_ARRAY({{ column }}, '$.{{ path }}')){% endmacro %}
{% macro to_date(expression) %}DATE({{ expression }}){% endmacro %}
{% macro date_spine(relation, column, alias) %}UNNEST((SELECT GENERATE_DATE_ARRAY(min({{ column }}), max({{ column }})) FROM {{ relation }})) AS {{ alias }}{% endmacro %}
{% macro iso_day_of_week(expression) %}(MOD(EXTRACT(DAYOFWEEK FROM {{ expression }}) + 5, 7) + 1){% endmacro %}
