{#- Generic test: the combination of `combination_of_columns` is unique (a composite grain key).
    Fails with one row per duplicated combination. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
{%- set columns_csv = combination_of_columns | join(', ') %}
with validation as (
    select
        {{ columns_csv }},
        count(*) as n_rows
    from {{ model }}
    group by {{ columns_csv }}
    having count(*) > 1
)

select * from validation
{% endtest %}
