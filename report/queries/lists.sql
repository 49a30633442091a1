-- Paged lists behind the overview's data-quality counts: the documents behind each number.

-- name: issues
select
    issues.issue_code as list_key,
    issues.document_id,
    agencies.agency_key,
    coalesce(agencies.agency_name, documents.agency_name_as_printed) as agency_name,
    documents.report_year,
    documents.source_file,
    documents.source_path,
    issues.severity,
    issues.line_number,
    issues.cell_key,
    issues.message
from marts.fct_parse_issues as issues
left join marts.dim_document as documents
    on issues.document_id = documents.document_id
left join marts.dim_agency as agencies
    on documents.agency_key = agencies.agency_key
order by list_key, agency_name nulls last, documents.report_year, documents.source_file, issues.line_number

-- name: rules
select
    results.rule_id as list_key,
    results.document_id,
    agencies.agency_key,
    coalesce(agencies.agency_name, documents.agency_name_as_printed) as agency_name,
    documents.report_year,
    documents.source_file,
    documents.source_path,
    results.check_status,
    results.scope_key,
    results.observed,
    results.expected,
    results.difference,
    results.message
from marts.fct_check_results as results
left join marts.dim_document as documents
    on results.document_id = documents.document_id
left join marts.dim_agency as agencies
    on documents.agency_key = agencies.agency_key
where results.check_status in ('fail', 'incomplete')
order by list_key, agency_name, documents.report_year, results.scope_key

-- name: resolved
-- rule instances whose filled cells were all recovered by the template's arithmetic (verification =
-- rule_resolved): their pass confirms nothing the rule did not already assume
select
    results.rule_id as list_key,
    results.document_id,
    agencies.agency_key,
    coalesce(agencies.agency_name, documents.agency_name_as_printed) as agency_name,
    documents.report_year,
    documents.source_file,
    documents.source_path,
    results.check_status,
    results.scope_key,
    results.observed,
    results.expected,
    results.message
from marts.fct_check_results as results
left join marts.dim_document as documents
    on results.document_id = documents.document_id
left join marts.dim_agency as agencies
    on documents.agency_key = agencies.agency_key
where results.verification = 'rule_resolved'
order by list_key, agency_name, documents.report_year, results.scope_key

-- name: abstained
with all_cells as (
    select document_id, cell_key, value, raw_text, cell_flags, is_missing_cell from marts.fct_proactive_disclosure
    union all
    select document_id, cell_key, value, raw_text, cell_flags, is_missing_cell from marts.fct_applications
    union all
    select document_id, cell_key, value, raw_text, cell_flags, is_missing_cell from marts.fct_review_litigation
),

abstained as (
    select
        document_id,
        count(*) as abstained_cells,
        count(*) filter (where is_missing_cell) as missing_cells,
        string_agg(cell_key || coalesce(' «' || raw_text || '»', ''), '; ' order by cell_key) as cells
    from all_cells
    where value is null and (
        is_missing_cell
        or (coalesce(trim(raw_text), '') <> '' and not list_has_any(coalesce(cell_flags, []), ['blank', 'na_marker']))
    )
    group by document_id
)

select
    'abstained' as list_key,
    abstained.document_id,
    agencies.agency_key,
    coalesce(agencies.agency_name, documents.agency_name_as_printed) as agency_name,
    documents.report_year,
    documents.source_file,
    documents.source_path,
    abstained.abstained_cells,
    abstained.missing_cells,
    left(abstained.cells, 400) as cells
from abstained
inner join marts.dim_document as documents
    on abstained.document_id = documents.document_id
left join marts.dim_agency as agencies
    on documents.agency_key = agencies.agency_key
order by abstained.abstained_cells desc, agency_name, documents.report_year
