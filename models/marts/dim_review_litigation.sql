{#- 行政复议 / 行政诉讼 proceeding × result: the 15 columns of table 四, from
    seeds/template_t4_columns.csv. -#}
with t4_columns as (
    select * from {{ ref('template_t4_columns') }}
),

final as (
    select
        col_key as review_litigation_key,
        split_part(path_zh, '/', 1) as proceeding_type_zh,
        proceeding_key,
        proceeding_zh,
        proceeding_en,
        result_key,
        result_zh,
        result_en,
        path_zh,
        is_total,
        col_index as sort_order
    from t4_columns
)

select * from final
