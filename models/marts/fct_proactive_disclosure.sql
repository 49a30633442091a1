{#- 主动公开政府信息 proactive disclosure (table 二): one row per report × disclosure item of the
    report's template (22 for v2019, 10 for v2021). value is in the item's unit (件 documents, 项 item
    types, 万元 10k yuan); a blank cell is null, never 0. -#}
with cells as (
    select * from {{ ref('int_disclosure_cells_typed') }}
),

agency_reports as (
    select * from {{ ref('int_agencies_identified') }}
),

harmonised as (
    select * from {{ ref('int_disclosure_items_harmonised') }}
),

final as (
    select
        cells.document_id,
        cells.disclosure_item_key,
        agency_reports.agency_key,
        agency_reports.report_year,
        cells.template_version,
        harmonised.harmonised_cell_key,
        cells.cell_key,
        cells.subtable_id,
        cells.row_key,
        cells.col_key as measure_key,
        cells.unit,
        cells.unit_raw,
        cells.raw_text,
        cells.cell_flags,
        cells.line_number,
        cells.page_number,
        cells.box_x0,
        cells.box_top,
        cells.box_x1,
        cells.box_bottom,
        cells.source_address,
        cells.is_missing_cell,
        cells.is_blank,
        cells.is_rule_resolved,
        cells.value
    from cells
    inner join agency_reports
        on cells.document_id = agency_reports.document_id
    inner join harmonised
        on cells.disclosure_item_key = harmonised.disclosure_item_key
)

select * from final
