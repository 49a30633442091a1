{#- Generic test: the combination of `combination_of_columns` is unique (a composite grain key).
    Fails with one row per duplicated combination.

    Grouping ~17M rows by three strings (a national year of fct_applications) spills to disk; grouping
    by one 64-bit hash of them does not. Only hashes seen twice are then grouped by the columns
    themselves, so a hash collision can never fail the test, and a real duplicate always does. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
{%- set columns_csv = combination_of_columns | join(', ') %}
with repeated_hashes as (
    select hash({{ columns_csv }}) as combination_hash
    from {{ model }}
    group by combination_hash
    having count(*) > 1
),

validation as (
    select
        {{ columns_csv }},
        count(*) as n_rows
    from {{ model }}
    where hash({{ columns_csv }}) in (select combination_hash from repeated_hashes)
    group by {{ columns_csv }}
    having count(*) > 1
)

select * from validation
{% endtest %}
