{#- Table 四 cells, typed and complete: one row per report × the 15 declared t4 cells (行政复议 and the
    two kinds of 行政诉讼 × 结果维持/结果纠正/其他结果/尚未审结/总计). Blank cells stay null, never 0.

    Same plan as int_application_cells_typed: landed cells joined to report and grid, the grid expanded
    only for reports that miss a cell. -#}
with reports as (
    select * from {{ ref('int_reports_versioned') }}
    where t4_template_version is not null
),

grid as (
    select * from {{ ref('int_template_cells_enumerated') }}
    where table_id = 't4'
),

-- read three times below; not materialized, or DuckDB would copy every cell of the table once more
cells as not materialized (
    select * from {{ ref('stg_raw__cells') }}
    where table_id = 't4'
),

grid_sizes as (
    select
        template_version,
        count(*) as grid_cell_count
    from grid
    group by template_version
),

landed as (
    select
        reports.document_id,
        grid.template_version,
        grid.review_litigation_key,
        grid.cell_key,
        grid.cell_order,
        cells.raw_text,
        cells.flags as cell_flags,
        cells.line_number,
        false as is_missing_cell,
        cells.cell_value is null as is_blank,
        cells.cell_value as value
    from cells
    inner join reports
        on cells.document_id = reports.document_id
    inner join grid
        -- one composite condition, so that cells meet their report before the grid
        on grid.template_version || '|' || grid.cell_key = reports.t4_template_version || '|' || cells.cell_key
),

-- counted from the cells again rather than from landed: DuckDB would materialise a CTE read twice
landed_counts as (
    select
        cells.document_id,
        count(*) as landed_cell_count
    from cells
    inner join reports
        on cells.document_id = reports.document_id
    inner join grid
        on grid.template_version || '|' || grid.cell_key = reports.t4_template_version || '|' || cells.cell_key
    group by cells.document_id
),

short_reports as (
    select
        reports.document_id,
        reports.t4_template_version
    from reports
    inner join grid_sizes
        on reports.t4_template_version = grid_sizes.template_version
    left join landed_counts
        on reports.document_id = landed_counts.document_id
    where coalesce(landed_counts.landed_cell_count, 0) < grid_sizes.grid_cell_count
),

short_report_cells as (
    select cells.*
    from cells
    semi join short_reports
        on cells.document_id = short_reports.document_id
),

not_landed as (
    select
        short_reports.document_id,
        grid.template_version,
        grid.review_litigation_key,
        grid.cell_key,
        grid.cell_order,
        cast(null as varchar) as raw_text,
        cast(null as varchar[]) as cell_flags,
        cast(null as integer) as line_number,
        true as is_missing_cell,
        true as is_blank,
        cast(null as double) as value
    from short_reports
    inner join grid
        on short_reports.t4_template_version = grid.template_version
    anti join short_report_cells
        on short_reports.document_id = short_report_cells.document_id
        and grid.cell_key = short_report_cells.cell_key
),

final as (
    select * from landed
    union all
    select * from not_landed
)

select * from final
