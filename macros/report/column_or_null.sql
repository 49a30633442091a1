{#- `relation.column` when the relation has that column, else a typed null aliased to it: lets a model
    read a column that another part of the project adds (e.g. a cell's page) before it exists.
    `column` may be a list of names the column has gone by (the first one present is read, aliased to
    `as_name`, default the first name): the staging layer calls a cell's page page_number, older
    readers called it page. -#}
{% macro column_or_null(relation, alias, column, data_type, as_name=none) %}
    {%- set candidates = [column] if column is string else column -%}
    {%- set names = [] -%}
    {%- if execute -%}
        {%- for c in adapter.get_columns_in_relation(relation) -%}
            {%- do names.append(c.name | lower) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set found = [] -%}
    {%- for candidate in candidates -%}
        {%- if candidate | lower in names and not found -%}{%- do found.append(candidate) -%}{%- endif -%}
    {%- endfor -%}
    {%- if found -%}
        {{ alias }}.{{ found[0] }}
    {%- else -%}
        cast(null as {{ data_type }})
    {%- endif %} as {{ as_name or candidates[0] }}
{% endmacro %}
