{#- CTEs that put a report's landed cells of one table on its template grid, shared by the three
    int_*_cells_typed models. Expects CTEs `reports` (one row per report, with `version_column`), `grid`
    (int_template_cells_enumerated rows of the table, with `grid_columns`) and `cells` (stg_raw__cells
    rows of the table) before it; defines `gridded`: one row per report × grid cell, with document_id,
    template_version, the grid columns, cell_key, cell_order, unit, unit_raw, raw_text, cell_flags,
    line_number, the provenance columns page_number, box_x0/box_top/box_x1/box_bottom and
    source_address (null when not landed), is_missing_cell, is_blank and value (null when blank or not
    landed, never 0).

    The plan is chosen for a national year (~17M cells in table 三): landed cells are joined to their
    report, then to the grid, on one composite condition (as two conditions DuckDB may expand
    reports × grid first, ~17M rows, and join that to the cells); the grid is expanded only for the few
    reports that miss a cell. The parser lands one row per report × cell key (extract/land.py). -#}
{% macro grid_complete_cells(version_column, grid_columns) %}
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
        {%- for column in grid_columns %}
        grid.{{ column }},
        {%- endfor %}
        grid.cell_key,
        grid.cell_order,
        cells.unit,
        cells.unit_raw,
        cells.raw_text,
        cells.flags as cell_flags,
        cells.line_number,
        cells.page_number,
        cells.box_x0,
        cells.box_top,
        cells.box_x1,
        cells.box_bottom,
        cells.source_address,
        false as is_missing_cell,
        cells.cell_value is null as is_blank,
        cells.cell_value as value
    from cells
    inner join reports
        on cells.document_id = reports.document_id
    inner join grid
        on grid.template_version || '|' || grid.cell_key = reports.{{ version_column }} || '|' || cells.cell_key
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
        on grid.template_version || '|' || grid.cell_key = reports.{{ version_column }} || '|' || cells.cell_key
    group by cells.document_id
),

short_reports as (
    select
        reports.document_id,
        reports.{{ version_column }} as template_version
    from reports
    inner join grid_sizes
        on reports.{{ version_column }} = grid_sizes.template_version
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
        {%- for column in grid_columns %}
        grid.{{ column }},
        {%- endfor %}
        grid.cell_key,
        grid.cell_order,
        cast(null as varchar) as unit,
        cast(null as varchar) as unit_raw,
        cast(null as varchar) as raw_text,
        cast(null as varchar[]) as cell_flags,
        cast(null as integer) as line_number,
        cast(null as integer) as page_number,
        cast(null as double) as box_x0,
        cast(null as double) as box_top,
        cast(null as double) as box_x1,
        cast(null as double) as box_bottom,
        cast(null as varchar) as source_address,
        true as is_missing_cell,
        true as is_blank,
        cast(null as double) as value
    from short_reports
    inner join grid
        on short_reports.template_version = grid.template_version
    anti join short_report_cells
        on short_reports.document_id = short_report_cells.document_id
        and grid.cell_key = short_report_cells.cell_key
),

gridded as (
    select * from landed
    union all
    select * from not_landed
)
{% endmacro %}
