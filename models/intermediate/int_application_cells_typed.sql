{#- Table 三 cells, typed and complete: one row per report × declared t3 cell of the report's table-三
    template (161 for v2019, 175 for v2021). A cell the parser did not land still gets a row, with a
    null value, is_blank and is_missing_cell; blank cells stay null, never 0. -#}
with reports as (
    select * from {{ ref('int_reports_versioned') }}
),

grid as (
    select * from {{ ref('int_template_cells_enumerated') }}
    where table_id = 't3'
),

cells as (
    select * from {{ ref('int_cells_deduplicated') }}
    where table_id = 't3'
),

final as (
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
        cells.cell_key is null as is_missing_cell,
        cells.cell_value is null as is_blank,
        cells.cell_value as value
    from reports
    inner join grid
        on reports.t3_template_version = grid.template_version
    left join cells
        on reports.document_id = cells.document_id
        and grid.cell_key = cells.cell_key
)

select * from final
