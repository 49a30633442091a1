{#- Plausibility thresholds of REPORTS.md §7.3, in one place so the SQL and its docs agree.
    fee_unit_error: P3, a fee amount (万元) at or above it suggests the agency entered 元;
    t3_total_suspicious / t2_count_suspicious: P6, magnitudes above them are flagged as suspicious. -#}
{% macro check_threshold(name) -%}
    {%- set thresholds = {
        'fee_unit_error': 1000000,
        't3_total_suspicious': 100000,
        't2_count_suspicious': 100000000,
    } -%}
    {{- thresholds[name] -}}
{%- endmacro %}
