{#- Table 四 cells, typed and complete: one row per report × the 15 declared t4 cells (行政复议 and the
    two kinds of 行政诉讼 × 结果维持/结果纠正/其他结果/尚未审结/总计). Blank cells stay null, never 0. -#}
with reports as (
    select * from {{ ref('int_reports_versioned') }}
),

grid as (
    select * from {{ ref('int_template_cells_enumerated') }}
    where table_id = 't4'
),

cells as (
    select * from {{ ref('int_cells_deduplicated') }}
    where table_id = 't4'
),

final as (
    select
        reports.document_id,
        grid.template_version,
        grid.review_litigation_key,
        grid.cell_key,
        grid.cell_order,
        cells.raw_text,
        cells.flags as cell_flags,
        cells.line_number,
        cells.cell_key is null as is_missing_cell,
        cells.cell_value is null as is_blank,
        cells.cell_value as value
    from reports
    inner join grid
        on reports.t4_template_version = grid.template_version
    left join cells
        on reports.document_id = cells.document_id
        and grid.cell_key = cells.cell_key
)

select * from final
