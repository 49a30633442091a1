{#- Table 三 cells, typed and complete: one row per report × declared t3 cell of the report's table-三
    template (161 for v2019, 175 for v2021). A cell the parser did not land still gets a row, with a
    null value, is_blank and is_missing_cell; blank cells stay null, never 0.

    Landed cells are joined to the (small) report and grid tables; the grid is expanded only for the
    few reports that miss a cell, so a national year never joins ~17M grid rows to ~17M cells. The
    parser lands one row per report × cell key (extract/land.py); fct_applications tests it. -#}
with reports as (
    select * from {{ ref('int_reports_versioned') }}
    where t3_template_version is not null
),

grid as (
    select * from {{ ref('int_template_cells_enumerated') }}
    where table_id = 't3'
),

-- read three times below; not materialized, or DuckDB would copy every cell of the table once more
cells as not materialized (
    select * from {{ ref('stg_raw__cells') }}
    where table_id = 't3'
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
        grid.outcome_key,
        grid.applicant_type_key,
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
        -- one composite condition: DuckDB must join the cells to their report before the grid (as two
        -- conditions it may expand reports × grid, ~17M rows for a national year, and join that)
        on grid.template_version || '|' || grid.cell_key = reports.t3_template_version || '|' || cells.cell_key
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
        on grid.template_version || '|' || grid.cell_key = reports.t3_template_version || '|' || cells.cell_key
    group by cells.document_id
),

short_reports as (
    select
        reports.document_id,
        reports.t3_template_version
    from reports
    inner join grid_sizes
        on reports.t3_template_version = grid_sizes.template_version
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
        grid.outcome_key,
        grid.applicant_type_key,
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
        on short_reports.t3_template_version = grid.template_version
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
