{#- Generic test: `expression` holds on every row (optionally only where `row_condition` holds).
    Fails with the rows where it is false or null. -#}
{% test expression_is_true(model, expression, column_name=none, row_condition=none) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{%- if row_condition %}
    and ({{ row_condition }})
{%- endif %}
{% endtest %}
