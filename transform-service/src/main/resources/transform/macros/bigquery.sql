{#- BigQuery implementations of what differs between the dialects. -#}
{% macro array_join(array, alias) %}CROSS JOIN UNNEST({{ array }}) AS {{ alias }}{% endmacro %}
{% macro array_length(array) %}ARRAY_LENGTH({{ array }}){% endmacro %}
{% macro to_date(expression) %}DATE({{ expression }}){% endmacro %}
{% macro date_spine(relation, column, alias) %}UNNEST((SELECT GENERATE_DATE_ARRAY(min({{ column }}), max({{ column }})) FROM {{ relation }})) AS {{ alias }}{% endmacro %}
{% macro iso_day_of_week(expression) %}(MOD(EXTRACT(DAYOFWEEK FROM {{ expression }}) + 5, 7) + 1){% endmacro %}
{% macro seconds_between(earlier, later) %}TIMESTAMP_DIFF({{ later }}, {{ earlier }}, SECOND){% endmacro %}
{% macro split_part(text, delimiter, position) %}SPLIT({{ text }}, '{{ delimiter }}')[SAFE_OFFSET({{ position }} - 1)]{% endmacro %}
