{#- 申请人类型 applicant type: the 7 columns of table 三, from seeds/template_t3_columns.csv. -#}
with t3_columns as (
    select * from {{ ref('template_t3_columns') }}
),

final as (
    select
        col_key as applicant_type_key,
        label_zh as applicant_type_zh,
        label_en as applicant_type_en,
        group_key as applicant_group_key,
        group_zh as applicant_group_zh,
        group_en as applicant_group_en,
        is_total,
        col_index as sort_order
    from t3_columns
)

select * from final
