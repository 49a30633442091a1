-- Broken arithmetic (勾稽关系): every failing balance rule (and failing carry-over rule X1) with expected,
-- observed and the cells it read, their raw text and where they were read.

-- name: summary
-- per rule: failing and incomplete instances (with evidence), and the instances whose cells were all
-- recovered by the rule's own arithmetic (verification = rule_resolved: a pass there verified nothing)
with evidence as (
    select
        rule_id,
        count(distinct (document_id, scope_key, related_document_id)) filter (where check_status = 'fail') as failed,
        count(distinct (document_id, scope_key, related_document_id)) filter (where check_status = 'incomplete') as incomplete,
        count(distinct document_id) as documents
    from marts.mart_rule_evidence
    group by rule_id
),

resolved as (
    select
        rule_id,
        count(*) as rule_resolved,
        count(*) filter (where check_status = 'pass') as rule_resolved_passed
    from marts.fct_check_results
    where verification = 'rule_resolved'
    group by rule_id
)

select
    rules.rule_id,
    rules.description_zh as rule_description_zh,
    rules.description_en as rule_description_en,
    coalesce(evidence.failed, 0) as failed,
    coalesce(evidence.incomplete, 0) as incomplete,
    coalesce(evidence.documents, 0) as documents,
    coalesce(resolved.rule_resolved, 0) as rule_resolved,
    coalesce(resolved.rule_resolved_passed, 0) as rule_resolved_passed
from template.template_rules as rules
left join evidence
    on rules.rule_id = evidence.rule_id
left join resolved
    on rules.rule_id = resolved.rule_id
where evidence.rule_id is not null or resolved.rule_id is not null
order by rules.rule_id

-- name: instances
select
    evidence.rule_id,
    evidence.document_id,
    evidence.scope_kind,
    evidence.scope_key,
    evidence.related_document_id,
    any_value(evidence.check_status) as check_status,
    any_value(evidence.rule_description_zh) as rule_description_zh,
    any_value(evidence.rule_description_en) as rule_description_en,
    any_value(evidence.observed) as observed,
    any_value(evidence.expected) as expected,
    any_value(evidence.difference) as difference,
    any_value(evidence.message) as message,
    any_value(evidence.verification) as verification,
    any_value(documents.agency_key) as agency_key,
    any_value(coalesce(agencies.agency_name, documents.agency_name_as_printed)) as agency_name,
    any_value(documents.report_year) as report_year,
    any_value(documents.source_file) as source_file,
    any_value(documents.source_path) as source_path,
    to_json(list(struct_pack(
        side := evidence.side, label_zh := evidence.cell_label_zh, label_en := evidence.cell_label_en,
        cell_key := evidence.cell_key, value := evidence.value, raw_text := evidence.raw_text,
        flags := evidence.cell_flags, missing := evidence.is_missing_cell, line := evidence.line_number,
        page := evidence.page, rule_resolved := evidence.is_rule_resolved, document_id := evidence.cell_document_id, source_file := evidence.source_file,
        source_path := evidence.source_path
    ) order by evidence.side, evidence.line_number nulls last, evidence.term_order))::varchar as cells
from marts.mart_rule_evidence as evidence
left join marts.dim_document as documents
    on evidence.document_id = documents.document_id
left join marts.dim_agency as agencies
    on documents.agency_key = agencies.agency_key
group by evidence.rule_id, evidence.document_id, evidence.scope_kind, evidence.scope_key, evidence.related_document_id
order by evidence.rule_id, any_value(evidence.check_status) = 'incomplete', agency_name, report_year, evidence.scope_key
