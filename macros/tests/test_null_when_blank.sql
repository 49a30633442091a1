{#- Generic test on a measure column: the value is null exactly when the blank flag is set, so a
    blank cell is never stored as 0 and a filled cell never loses its number. -#}
{% test null_when_blank(model, column_name, blank_flag='is_blank') %}
select *
from {{ model }}
where ({{ blank_flag }} and {{ column_name }} is not null)
    or (not {{ blank_flag }} and {{ column_name }} is null)
    or {{ blank_flag }} is null
{% endtest %}
