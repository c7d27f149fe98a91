{#- DuckDB implementations of what differs between the dialects. -#}
{% macro array_join(array, alias) %}CROSS JOIN unnest({{ array }}) AS _{{ alias }}({{ alias }}){% endmacro %}
{% macro array_length(array) %}len({{ array }}){% endmacro %}
{% macro to_date(expression) %}CAST({{ expression }} AS DATE){% endmacro %}
{% macro date_spine(relation, column, alias) %}(SELECT CAST(unnest(generate_series(min({{ column }}), max({{ column }}), INTERVAL 1 DAY)) AS DATE) AS {{ alias }} FROM {{ relation }}) AS _spine{% endmacro %}
{% macro iso_day_of_week(expression) %}isodow({{ expression }}){% endmacro %}
{% macro seconds_between(earlier, later) %}date_diff('second', {{ earlier }}, {{ later }}){% endmacro %}
{% macro split_part(text, delimiter, position) %}split_part({{ text }}, '{{ delimiter }}', {{ position }}){% endmacro %}
