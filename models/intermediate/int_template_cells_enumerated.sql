{#- Every value cell each template version declares, one row per template version × cell, with the
    dimension members the cell belongs to. Built only from the seeds: t2 = 22 (v2019) or 10 (v2021)
    cells, t3 = data rows × 7 applicant columns, t4 = 15 columns. -#}
with template_versions as (
    select * from {{ ref('template_versions') }}
),

t2_cells as (
    select * from {{ ref('template_t2_cells') }}
),

t3_rows as (
    select * from {{ ref('template_t3_rows') }}
),

t3_columns as (
    select * from {{ ref('template_t3_columns') }}
),

t4_columns as (
    select * from {{ ref('template_t4_columns') }}
),

t2_grid as (
    select
        template_version,
        't2' as table_id,
        't2.' || row_key || '.' || col_key as cell_key,
        subtable_id,
        row_key,
        col_key,
        template_version || '/t2.' || row_key || '.' || col_key as disclosure_item_key,
        cast(null as varchar) as outcome_key,
        cast(null as varchar) as applicant_type_key,
        cast(null as varchar) as review_litigation_key,
        subtable_order * 10000 + row_order * 100 + col_order as cell_order
    from t2_cells
),

t3_grid as (
    select
        t3_rows.template_version,
        't3' as table_id,
        't3.' || t3_rows.row_key || '.' || t3_columns.col_key as cell_key,
        cast(null as varchar) as subtable_id,
        t3_rows.row_key,
        t3_columns.col_key,
        cast(null as varchar) as disclosure_item_key,
        t3_rows.row_key as outcome_key,
        t3_columns.col_key as applicant_type_key,
        cast(null as varchar) as review_litigation_key,
        t3_rows.row_order * 100 + t3_columns.col_index as cell_order
    from t3_rows
    cross join t3_columns
    where t3_rows.is_data_row
),

t4_grid as (
    select
        template_versions.template_version,
        't4' as table_id,
        't4.' || t4_columns.col_key as cell_key,
        cast(null as varchar) as subtable_id,
        cast(null as varchar) as row_key,
        t4_columns.col_key,
        cast(null as varchar) as disclosure_item_key,
        cast(null as varchar) as outcome_key,
        cast(null as varchar) as applicant_type_key,
        t4_columns.col_key as review_litigation_key,
        t4_columns.col_index as cell_order
    from template_versions
    cross join t4_columns
),

unioned as (
    select * from t2_grid
    union all
    select * from t3_grid
    union all
    select * from t4_grid
),

final as (
    select * from unioned
)

select * from final
