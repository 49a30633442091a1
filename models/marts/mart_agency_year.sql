{#- 机关年度 agency-year: one row per agency × report year, the figures analysts ask for first, from the
    agency's primary report of that year (when an agency has several reports for one year, e.g. a
    mirror, the cleanest parse with the most filled cells wins; report_count tells). Totals are
    table 三's 总计 column as printed; a blank stays null. Shares divide by （七）总计 (results total). -#}
with agency_reports as (
    select * from {{ ref('int_agencies_identified') }}
),

agencies as (
    select * from {{ ref('dim_agency') }}
),

documents as (
    select * from {{ ref('dim_document') }}
),

applications as (
    select * from {{ ref('fct_applications') }}
),

outcomes as (
    select * from {{ ref('dim_outcome') }}
),

applicant_types as (
    select * from {{ ref('dim_applicant_type') }}
),

review_litigation as (
    select * from {{ ref('fct_review_litigation') }}
),

proactive_disclosure as (
    select * from {{ ref('fct_proactive_disclosure') }}
),

check_results as (
    select * from {{ ref('fct_check_results') }}
),

all_cells as (
    select document_id, is_blank from applications
    union all
    select document_id, is_blank from review_litigation
    union all
    select document_id, is_blank from proactive_disclosure
),

completeness as (
    select
        document_id,
        count(*) as template_cell_count,
        count(*) filter (where is_blank) as blank_cell_count
    from all_cells
    group by document_id
),

application_totals as (
    select
        applications.document_id,
        sum(applications.value) filter (where applicant_types.is_total and outcomes.stage = 'new_received')
            as new_received,
        sum(applications.value) filter (
            where applicant_types.applicant_group_key = 'natural_person' and outcomes.stage = 'new_received'
        ) as new_received_natural_persons,
        sum(applications.value) filter (
            where applicant_types.applicant_group_key = 'legal_person' and outcomes.stage = 'new_received'
        ) as new_received_legal_persons,
        sum(applications.value) filter (where applicant_types.is_total and outcomes.stage = 'carried_over')
            as carried_over,
        sum(applications.value) filter (where applicant_types.is_total and outcomes.stage = 'results_total')
            as results_total,
        sum(applications.value) filter (where applicant_types.is_total and outcomes.stage = 'carried_forward')
            as carried_forward,
        sum(applications.value) filter (where applicant_types.is_total and outcomes.category_key = 'granted')
            as granted,
        sum(applications.value) filter (
            where applicant_types.is_total and outcomes.category_key = 'partially_granted'
        ) as partially_granted,
        sum(applications.value) filter (where applicant_types.is_total and outcomes.category_key = 'denied')
            as denied,
        sum(applications.value) filter (where applicant_types.is_total and outcomes.category_key = 'unable')
            as unable,
        sum(applications.value) filter (
            where applicant_types.is_total and outcomes.category_key = 'not_processed'
        ) as not_processed,
        sum(applications.value) filter (
            where applicant_types.is_total and outcomes.category_key = 'other_handling'
        ) as other_handling
    from applications
    inner join outcomes
        on applications.outcome_key = outcomes.outcome_key
    inner join applicant_types
        on applications.applicant_type_key = applicant_types.applicant_type_key
    group by applications.document_id
),

review_litigation_totals as (
    select
        document_id,
        sum(value) filter (where proceeding_key = 'review' and result_key = 'total') as review_total,
        sum(value) filter (where proceeding_key = 'review' and result_key = 'corrected') as review_corrected,
        sum(value) filter (where proceeding_key = 'lit_direct' and result_key = 'total') as litigation_direct_total,
        sum(value) filter (where proceeding_key = 'lit_after_review' and result_key = 'total')
            as litigation_after_review_total,
        sum(value) filter (where proceeding_key <> 'review' and result_key = 'total') as litigation_total,
        sum(value) filter (where proceeding_key <> 'review' and result_key = 'corrected') as litigation_corrected
    from review_litigation
    group by document_id
),

check_counts as (
    select
        document_id,
        count(*) as check_result_count,
        count(*) filter (where check_status = 'fail') as failed_check_count,
        count(*) filter (where check_status = 'fail' and severity = 'error') as failed_error_check_count,
        count(*) filter (where check_status = 'fail' and severity = 'warning') as failed_warning_check_count,
        count(*) filter (where check_status = 'incomplete') as incomplete_check_count
    from check_results
    group by document_id
),

ranked_reports as (
    select
        agency_reports.agency_key,
        agency_reports.report_year,
        agency_reports.document_id,
        count(*) over (partition by agency_reports.agency_key, agency_reports.report_year) as report_count,
        row_number() over (
            partition by agency_reports.agency_key, agency_reports.report_year
            order by
                documents.parse_status = 'parsed' desc,
                documents.error_count asc nulls last,
                completeness.blank_cell_count asc nulls last,
                documents.ingested_at desc nulls last,
                agency_reports.document_id
        ) as report_rank
    from agency_reports
    inner join documents
        on agency_reports.document_id = documents.document_id
    left join completeness
        on agency_reports.document_id = completeness.document_id
    where agency_reports.report_year is not null
),

final as (
    select
        ranked_reports.agency_key,
        ranked_reports.report_year,
        ranked_reports.document_id,
        agencies.region_key,
        agencies.agency_name,
        agencies.agency_level,
        agencies.province,
        agencies.city,
        agencies.county,
        agencies.township,
        documents.template_version,
        documents.t3_template_version,
        documents.parse_status,
        documents.publication_date,
        ranked_reports.report_count,
        application_totals.new_received,
        application_totals.new_received_natural_persons,
        application_totals.new_received_legal_persons,
        application_totals.carried_over,
        application_totals.results_total,
        application_totals.carried_forward,
        application_totals.granted,
        application_totals.partially_granted,
        application_totals.denied,
        application_totals.unable,
        application_totals.not_processed,
        application_totals.other_handling,
        application_totals.granted / nullif(application_totals.results_total, 0) as granted_share,
        application_totals.partially_granted / nullif(application_totals.results_total, 0)
            as partially_granted_share,
        application_totals.denied / nullif(application_totals.results_total, 0) as denied_share,
        application_totals.unable / nullif(application_totals.results_total, 0) as unable_share,
        application_totals.not_processed / nullif(application_totals.results_total, 0) as not_processed_share,
        application_totals.other_handling / nullif(application_totals.results_total, 0) as other_handling_share,
        review_litigation_totals.review_total,
        review_litigation_totals.review_corrected,
        review_litigation_totals.litigation_direct_total,
        review_litigation_totals.litigation_after_review_total,
        review_litigation_totals.litigation_total,
        review_litigation_totals.litigation_corrected,
        coalesce(completeness.template_cell_count, 0) as template_cell_count,
        coalesce(completeness.blank_cell_count, 0) as blank_cell_count,
        completeness.blank_cell_count / nullif(completeness.template_cell_count, 0) as blank_cell_share,
        coalesce(check_counts.check_result_count, 0) as check_result_count,
        check_counts.failed_check_count,
        check_counts.failed_error_check_count,
        check_counts.failed_warning_check_count,
        check_counts.incomplete_check_count
    from ranked_reports
    inner join agencies
        on ranked_reports.agency_key = agencies.agency_key
    inner join documents
        on ranked_reports.document_id = documents.document_id
    left join application_totals
        on ranked_reports.document_id = application_totals.document_id
    left join review_litigation_totals
        on ranked_reports.document_id = review_litigation_totals.document_id
    left join completeness
        on ranked_reports.document_id = completeness.document_id
    left join check_counts
        on ranked_reports.document_id = check_counts.document_id
    where ranked_reports.report_rank = 1
)

select * from final
