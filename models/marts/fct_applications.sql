{#- 收到和处理政府信息公开申请 applications received and handled (table 三): one row per report ×
    applicant type × outcome item of the report's template (23 × 7 = 161 for v2019, 25 × 7 = 175 for
    v2021). value is the number of applications; a blank cell is null, never 0. -#}
with cells as (
    select * from {{ ref('int_application_cells_typed') }}
),

agency_reports as (
    select * from {{ ref('int_agencies_identified') }}
),

harmonised as (
    select * from {{ ref('int_outcomes_harmonised') }}
),

final as (
    select
        cells.document_id,
        cells.applicant_type_key,
        cells.outcome_key,
        agency_reports.agency_key,
        agency_reports.report_year,
        cells.template_version,
        harmonised.harmonised_outcome_key,
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
    inner join harmonised
        on cells.template_version = harmonised.template_version
        and cells.outcome_key = harmonised.outcome_key
)

select * from final
