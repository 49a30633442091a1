{#- `relation.column` when the relation has that column, else a typed null aliased to it: lets a model
    read a column that another part of the project adds (e.g. a cell's page) before it exists. -#}
{% macro column_or_null(relation, alias, column, data_type) %}
    {%- set names = [] -%}
    {%- if execute -%}
        {%- for c in adapter.get_columns_in_relation(relation) -%}
            {%- do names.append(c.name | lower) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if column | lower in names -%}
        {{ alias }}.{{ column }}
    {%- else -%}
        cast(null as {{ data_type }})
    {%- endif %} as {{ column }}
{% endmacro %}
