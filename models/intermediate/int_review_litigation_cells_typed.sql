{#- Table 四 cells, typed and complete: one row per report × the 15 declared t4 cells (行政复议 and the
    two kinds of 行政诉讼 × 结果维持/结果纠正/其他结果/尚未审结/总计). Blank cells stay null, never 0.
    The grid join is the macro grid_complete_cells (macros/cells/). -#}
with reports as (
    select * from {{ ref('int_reports_versioned') }}
    where t4_template_version is not null
),

grid as (
    select * from {{ ref('int_template_cells_enumerated') }}
    where table_id = 't4'
),

-- read three times by the macro; not materialized, or DuckDB would copy every cell of the table once more
cells as not materialized (
    select * from {{ ref('stg_raw__cells') }}
    where table_id = 't4'
),

{{ grid_complete_cells('t4_template_version', ['review_litigation_key']) }},

final as (
    select
        document_id,
        template_version,
        review_litigation_key,
        cell_key,
        cell_order,
        raw_text,
        cell_flags,
        line_number,
        page_number,
        box_x0,
        box_top,
        box_x1,
        box_bottom,
        source_address,
        is_missing_cell,
        is_blank,
        -- read by the template's arithmetic (a flattened run split by A1-A6, a row placed by order and
        -- confirmed by A2/A3): the rules used cannot verify this cell independently
        coalesce(list_contains(cell_flags, 'rule_resolved'), false) as is_rule_resolved,
        value
    from gridded
)

select * from final
