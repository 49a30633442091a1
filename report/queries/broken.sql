-- Broken arithmetic (勾稽关系): every failing balance rule (and failing carry-over rule X1) with expected,
-- observed and the cells it read, their raw text and where they were read.

-- name: summary
select
    rule_id,
    any_value(rule_description_zh) as rule_description_zh,
    any_value(rule_description_en) as rule_description_en,
    count(distinct (document_id, scope_key, related_document_id)) filter (where check_status = 'fail') as failed,
    count(distinct (document_id, scope_key, related_document_id)) filter (where check_status = 'incomplete') as incomplete,
    count(distinct document_id) as documents
from marts.mart_rule_evidence
group by rule_id
order by rule_id

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
    any_value(documents.agency_key) as agency_key,
    any_value(coalesce(agencies.agency_name, documents.agency_name_as_printed)) as agency_name,
    any_value(documents.report_year) as report_year,
    any_value(documents.source_file) as source_file,
    any_value(documents.source_path) as source_path,
    to_json(list(struct_pack(
        side := evidence.side, label_zh := evidence.cell_label_zh, label_en := evidence.cell_label_en,
        cell_key := evidence.cell_key, value := evidence.value, raw_text := evidence.raw_text,
        flags := evidence.cell_flags, missing := evidence.is_missing_cell, line := evidence.line_number,
        page := evidence.page, document_id := evidence.cell_document_id, source_file := evidence.source_file,
        source_path := evidence.source_path
    ) order by evidence.side, evidence.line_number nulls last, evidence.term_order))::varchar as cells
from marts.mart_rule_evidence as evidence
left join marts.dim_document as documents
    on evidence.document_id = documents.document_id
left join marts.dim_agency as agencies
    on documents.agency_key = agencies.agency_key
group by evidence.rule_id, evidence.document_id, evidence.scope_kind, evidence.scope_key, evidence.related_document_id
order by evidence.rule_id, any_value(evidence.check_status) = 'incomplete', agency_name, report_year, evidence.scope_key
