{#- 行政复议、行政诉讼 administrative review and litigation (table 四): one row per report × proceeding ×
    result (15 per report). value is the number of cases; a blank cell is null, never 0. -#}
with cells as (
    select * from {{ ref('int_review_litigation_cells_typed') }}
),

agency_reports as (
    select * from {{ ref('int_agencies_identified') }}
),

t4_columns as (
    select * from {{ ref('template_t4_columns') }}
),

final as (
    select
        cells.document_id,
        cells.review_litigation_key,
        agency_reports.agency_key,
        agency_reports.report_year,
        cells.template_version,
        t4_columns.proceeding_key,
        t4_columns.result_key,
        cells.cell_key,
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
    inner join t4_columns
        on cells.review_litigation_key = t4_columns.col_key
)

select * from final
