-- The overview page: what the warehouse holds and how good it is. Marts only.

-- name: counts
select
    count(*) as documents,
    count(*) filter (where is_report) as reports,
    count(*) filter (where not is_report) as not_reports,
    count(*) filter (where parse_status = 'failed') as failed,
    count(*) filter (where parse_status = 'parsed_with_errors') as parsed_with_errors,
    count(distinct agency_key) filter (where is_report) as agencies,
    count(distinct report_year) filter (where is_report) as years,
    min(report_year) filter (where is_report) as first_year,
    max(report_year) filter (where is_report) as last_year
from marts.dim_document

-- name: by_year
select
    coalesce(report_year::varchar, '?') as report_year,
    template_version,
    count(*) as reports
from marts.dim_document
where is_report
group by all
order by 1, 2

-- name: source_formats
select
    {{source_format}} as source_format,
    count(*) as documents,
    count(*) filter (where is_report) as reports
from marts.dim_document
group by all
order by documents desc, source_format

-- name: template_versions
select
    template_version,
    count(*) as reports,
    count(*) filter (where t2_template_version is distinct from t3_template_version
        or t3_template_version is distinct from t4_template_version) as reports_with_mixed_tables
from marts.dim_document
where is_report
group by all
order by reports desc, template_version

-- name: issues_by_code
select
    issue_code,
    severity,
    count(*) as issues,
    count(distinct document_id) as documents
from marts.fct_parse_issues
group by issue_code, severity
order by
    case severity when 'error' then 0 when 'warning' then 1 else 2 end,
    issues desc,
    issue_code

-- name: cells
-- blank: the report printed no number (left empty, 无, -); abstained: the parser declined a value although
-- the report printed something there, or did not find the cell at all (a missing row or table)
with all_cells as (
    select '二' as table_zh, 'Table 2 (proactive disclosure)' as table_en, 1 as table_order,
        value, raw_text, cell_flags, is_missing_cell
    from marts.fct_proactive_disclosure
    union all
    select '三', 'Table 3 (applications)', 2, value, raw_text, cell_flags, is_missing_cell
    from marts.fct_applications
    union all
    select '四', 'Table 4 (review and litigation)', 3, value, raw_text, cell_flags, is_missing_cell
    from marts.fct_review_litigation
),

classified as (
    select
        table_zh,
        table_en,
        table_order,
        value is not null as is_read,
        value is null and (
            is_missing_cell
            or (coalesce(trim(raw_text), '') <> '' and not list_has_any(coalesce(cell_flags, []), ['blank', 'na_marker']))
        ) as is_abstained
    from all_cells
)

select
    table_zh,
    table_en,
    count(*) as cells,
    count(*) filter (where is_read) as read_cells,
    count(*) filter (where not is_read and not is_abstained) as blank_cells,
    count(*) filter (where is_abstained) as abstained_cells
from classified
group by all
order by min(table_order)

-- name: rule_outcomes
select
    rule_id,
    any_value(rule_group) as rule_group,
    any_value(severity) as severity,
    count(*) filter (where check_status = 'pass') as pass,
    count(*) filter (where check_status = 'fail') as fail,
    count(*) filter (where check_status = 'incomplete') as incomplete,
    count(*) filter (where check_status = 'skip') as skip,
    count(distinct document_id) filter (where check_status in ('fail', 'incomplete')) as documents_not_passing
from marts.fct_check_results
group by rule_id
order by
    case any_value(rule_group) when 'balance' then 0 when 'cross_year' then 1 when 'plausibility' then 2 else 3 end,
    rule_id
