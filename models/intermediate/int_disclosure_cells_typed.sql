{#- Table 二 cells, typed and complete: one row per report × declared t2 cell of the report's table-二
    template (22 for v2019, 10 for v2021). Money cells carry the unit the parser converted to (万元)
    or, when the cell printed none, the template's unit. Blank cells stay null, never 0.

    Same plan as int_application_cells_typed: landed cells joined to report and grid, the grid expanded
    only for reports that miss a cell. -#}
with reports as (
    select * from {{ ref('int_reports_versioned') }}
    where t2_template_version is not null
),

template_cells as (
    select * from {{ ref('template_t2_cells') }}
),

grid_cells as (
    select * from {{ ref('int_template_cells_enumerated') }}
    where table_id = 't2'
),

-- read three times below; not materialized, or DuckDB would copy every cell of the table once more
cells as not materialized (
    select * from {{ ref('stg_raw__cells') }}
    where table_id = 't2'
),

grid as (
    select
        grid_cells.*,
        nullif(template_cells.unit, '') as template_unit
    from grid_cells
    inner join template_cells
        on grid_cells.template_version = template_cells.template_version
        and grid_cells.row_key = template_cells.row_key
        and grid_cells.col_key = template_cells.col_key
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
        grid.disclosure_item_key,
        grid.subtable_id,
        grid.row_key,
        grid.col_key,
        grid.cell_key,
        grid.cell_order,
        coalesce(cells.unit, grid.template_unit) as unit,
        cells.unit_raw,
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
        on grid.template_version || '|' || grid.cell_key = reports.t2_template_version || '|' || cells.cell_key
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
        on grid.template_version || '|' || grid.cell_key = reports.t2_template_version || '|' || cells.cell_key
    group by cells.document_id
),

short_reports as (
    select
        reports.document_id,
        reports.t2_template_version
    from reports
    inner join grid_sizes
        on reports.t2_template_version = grid_sizes.template_version
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
        grid.disclosure_item_key,
        grid.subtable_id,
        grid.row_key,
        grid.col_key,
        grid.cell_key,
        grid.cell_order,
        grid.template_unit as unit,
        cast(null as varchar) as unit_raw,
        cast(null as varchar) as raw_text,
        cast(null as varchar[]) as cell_flags,
        cast(null as integer) as line_number,
        true as is_missing_cell,
        true as is_blank,
        cast(null as double) as value
    from short_reports
    inner join grid
        on short_reports.t2_template_version = grid.template_version
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
