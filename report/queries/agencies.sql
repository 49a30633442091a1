-- The agency pages: one data shard per agency with every year of it (the primary report of each year:
-- its figures, tables 二/三/四, the six sections' text, its checks and the carry-over check), and the
-- search index over names and aliases. `reuse` is the text-reuse table the build registers.

-- name: index
select
    agencies.agency_key,
    agencies.agency_name,
    coalesce(agencies.agency_aliases, []) as agency_aliases,
    agencies.agency_level,
    concat_ws('/', agencies.province, agencies.city, agencies.county, agencies.township) as region,
    agencies.first_report_year,
    agencies.last_report_year,
    agencies.report_count
from marts.dim_agency as agencies
where agencies.agency_key in (select agency_key from marts.mart_agency_year)
order by agencies.agency_name, agencies.agency_key

-- name: dims
select
    (select to_json(list(struct_pack(key := outcome_key, zh := outcome_zh, en := outcome_en, level := hierarchy_level,
        templates := template_versions) order by sort_order)) from marts.dim_outcome) as outcomes,
    (select to_json(list(struct_pack(key := applicant_type_key, zh := applicant_type_zh, en := applicant_type_en)
        order by sort_order)) from marts.dim_applicant_type) as applicants,
    (select to_json(list(struct_pack(key := review_litigation_key, zh := path_zh, en := proceeding_en || ' / ' || result_en)
        order by sort_order)) from marts.dim_review_litigation) as review_litigation,
    (select to_json(list(struct_pack(key := disclosure_item_key, template := template_version,
        subtable := subtable_caption_zh, zh := row_label_zh || ' · ' || measure_zh, en := row_label_en || ' · ' || measure_en,
        unit := unit) order by template_version, sort_order)) from marts.dim_disclosure_item) as disclosure_items

-- name: shards
-- agency_batch: one batch of agencies (the build splits a large corpus so memory stays bounded)
with agency_years as (
    select * from marts.mart_agency_year
    where {{agency_batch}}
),

t2 as (
    select document_id, to_json(map(list(disclosure_item_key order by disclosure_item_key), list(value order by disclosure_item_key))) as t2
    from marts.fct_proactive_disclosure
    where document_id in (select document_id from agency_years)
    group by document_id
),

t3_rows as (
    select
        facts.document_id,
        facts.outcome_key,
        min(outcomes.sort_order) as sort_order,
        list(facts.value order by applicants.sort_order) as cells
    from marts.fct_applications as facts
    inner join marts.dim_applicant_type as applicants
        on facts.applicant_type_key = applicants.applicant_type_key
    inner join marts.dim_outcome as outcomes
        on facts.outcome_key = outcomes.outcome_key
    where facts.document_id in (select document_id from agency_years)
    group by facts.document_id, facts.outcome_key
),

t3 as (
    select document_id, to_json(map(list(outcome_key order by sort_order), list(cells order by sort_order))) as t3  -- template order, every build alike
    from t3_rows
    group by document_id
),

t4 as (
    select document_id, to_json(map(list(review_litigation_key order by review_litigation_key), list(value order by review_litigation_key))) as t4
    from marts.fct_review_litigation
    where document_id in (select document_id from agency_years)
    group by document_id
),

sections as (
    select
        document_id,
        to_json(list(struct_pack(key := section_key, zh := section_zh, en := section_en,
            heading := heading_as_printed, line_start := line_start, line_end := line_end, text := section_text)
            order by section_order)) as sections
    from marts.fct_report_sections
    where document_id in (select document_id from agency_years)
    group by document_id
),

checks as (
    select
        document_id,
        count(*) filter (where check_status = 'pass') as passed,
        count(*) filter (where check_status = 'skip') as skipped,
        to_json(list(struct_pack(rule := rule_id, rule_group := rule_group, severity := severity, scope := scope_key,
            status := check_status, observed := observed, expected := expected, difference := difference,
            message := message) order by rule_id, scope_key) filter (where check_status in ('fail', 'incomplete'))) as problems,
        count(*) filter (where rule_id = 'X1' and check_status = 'pass') as carry_over_passed,
        count(*) filter (where rule_id = 'X1' and check_status <> 'pass') as carry_over_other,
        to_json(list(struct_pack(scope := scope_key, status := check_status, observed := observed, expected := expected)
            order by scope_key) filter (where rule_id = 'X1' and check_status = 'fail')) as carry_over_failed
    from marts.fct_check_results
    where document_id in (select document_id from agency_years)
    group by document_id
),

reuse_by_document as (
    select document_id, to_json(map(list(section_key order by section_key), list(similarity order by section_key))) as reuse
    from reuse
    group by document_id
),

years as (
    select
        agency_years.agency_key,
        agency_years.report_year,
        json_object(
            'year', agency_years.report_year,
            'figures', to_json(struct_pack(
                new_received := agency_years.new_received,
                carried_over := agency_years.carried_over,
                results_total := agency_years.results_total,
                granted := agency_years.granted,
                partially_granted := agency_years.partially_granted,
                denied := agency_years.denied,
                unable := agency_years.unable,
                not_processed := agency_years.not_processed,
                other_handling := agency_years.other_handling,
                carried_forward := agency_years.carried_forward,
                review_total := agency_years.review_total,
                review_corrected := agency_years.review_corrected,
                litigation_total := agency_years.litigation_total,
                litigation_corrected := agency_years.litigation_corrected,
                blank_cell_share := agency_years.blank_cell_share,
                failed_check_count := agency_years.failed_check_count,
                report_count := agency_years.report_count
            )),
            'document', json_object(
                'document_id', documents.document_id,
                'source_file', documents.source_file,
                'source_path', documents.source_path,
                'source_format', {{source_format}},
                'title', documents.title,
                'name_as_printed', documents.agency_name_as_printed,
                'template_version', documents.template_version,
                'layout', documents.layout,
                'publication_date', documents.publication_date_text,
                'parse_status', documents.parse_status,
                'errors', documents.error_count,
                'warnings', documents.warning_count
            ),
            't2', t2.t2,
            't3', t3.t3,
            't4', t4.t4,
            'sections', sections.sections,
            'checks', json_object(
                'passed', coalesce(checks.passed, 0), 'skipped', coalesce(checks.skipped, 0),
                'problems', coalesce(checks.problems, '[]'::json)
            ),
            'carry_over', json_object(
                'passed', coalesce(checks.carry_over_passed, 0),
                'other', coalesce(checks.carry_over_other, 0),
                'failed', coalesce(checks.carry_over_failed, '[]'::json)
            ),
            'reuse', reuse_by_document.reuse
        ) as year_json
    from agency_years
    inner join marts.dim_document as documents
        on agency_years.document_id = documents.document_id
    left join t2 on agency_years.document_id = t2.document_id
    left join t3 on agency_years.document_id = t3.document_id
    left join t4 on agency_years.document_id = t4.document_id
    left join sections on agency_years.document_id = sections.document_id
    left join checks on agency_years.document_id = checks.document_id
    left join reuse_by_document on agency_years.document_id = reuse_by_document.document_id
),

other_documents as (
    select
        agency_key,
        to_json(list(struct_pack(year := report_year, document_id := document_id, source_file := source_file,
            source_path := source_path, parse_status := parse_status) order by report_year, source_file)) as others
    from marts.dim_document
    where is_report
        and agency_key in (select agency_key from agency_years)
        and document_id not in (select document_id from agency_years)
    group by agency_key
),

by_agency as (
    select agency_key, to_json(list(year_json order by report_year)) as years
    from years
    group by agency_key
)

select
    by_agency.agency_key,
    json_object(
        'agency', to_json(agencies),
        'years', by_agency.years,
        'other_documents', coalesce(other_documents.others, '[]'::json)
    )::varchar as shard
from by_agency
inner join marts.dim_agency as agencies
    on by_agency.agency_key = agencies.agency_key
left join other_documents
    on by_agency.agency_key = other_documents.agency_key
