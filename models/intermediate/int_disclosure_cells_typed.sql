{#- Table 二 cells, typed and complete: one row per report × declared t2 cell of the report's table-二
    template (22 for v2019, 10 for v2021). Money cells carry the unit the parser converted to (万元)
    or, when the cell printed none, the template's unit. Blank cells stay null, never 0. -#}
with reports as (
    select * from {{ ref('int_reports_versioned') }}
),

grid as (
    select * from {{ ref('int_template_cells_enumerated') }}
    where table_id = 't2'
),

template_cells as (
    select * from {{ ref('template_t2_cells') }}
),

cells as (
    select * from {{ ref('int_cells_deduplicated') }}
    where table_id = 't2'
),

final as (
    select
        reports.document_id,
        grid.template_version,
        grid.disclosure_item_key,
        grid.subtable_id,
        grid.row_key,
        grid.col_key,
        grid.cell_key,
        grid.cell_order,
        coalesce(cells.unit, nullif(template_cells.unit, '')) as unit,
        cells.unit_raw,
        cells.raw_text,
        cells.flags as cell_flags,
        cells.line_number,
        cells.cell_key is null as is_missing_cell,
        cells.cell_value is null as is_blank,
        cells.cell_value as value
    from reports
    inner join grid
        on reports.t2_template_version = grid.template_version
    inner join template_cells
        on grid.template_version = template_cells.template_version
        and grid.row_key = template_cells.row_key
        and grid.col_key = template_cells.col_key
    left join cells
        on reports.document_id = cells.document_id
        and grid.cell_key = cells.cell_key
)

select * from final
