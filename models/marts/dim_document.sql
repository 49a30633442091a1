{#- 报告文件 document: one row per ingested file (reports and the files that turned out not to be
    reports), with the report-level attributes: agency, year, templates per table, layout, dates and
    parse status. document_id is the sha256 of the file. Every version of every file is here, with its
    lifecycle (current, superseded, gone, removed); facts and marts hold current documents only. -#}
with documents as (
    select * from {{ ref('stg_raw__documents') }}
),

reports as (
    select * from {{ ref('int_reports_versioned') }}
),

agency_reports as (
    select * from {{ ref('int_agencies_identified') }}
),

lifecycle as (
    select * from {{ ref('stg_raw__document_lifecycle') }}
),

final as (
    select
        documents.document_id,
        agency_reports.agency_key,
        documents.report_year,
        documents.template_version,
        reports.t2_template_version,
        reports.t3_template_version,
        reports.t4_template_version,
        documents.source_file,
        lifecycle.current_path as source_path,
        documents.source_path as landed_source_path,
        lifecycle.lifecycle_status,
        lifecycle.is_current,
        documents.title,
        documents.agency_name as agency_name_as_printed,
        documents.layout,
        documents.source_format,
        documents.encoding,
        documents.size_bytes,
        documents.is_report,
        documents.parse_status,
        documents.t2_status,
        documents.t3_status,
        documents.t4_status,
        documents.publication_date,
        documents.publication_date_text,
        documents.publication_date_precision,
        documents.publication_date_source,
        -- agencies publish by 1月31日 and government offices by 3月31日 of the next year (§1.1, §7.3 P8)
        documents.publication_date > make_date(documents.report_year + 1, 3, 31) as is_late_publication,
        documents.publication_date < make_date(documents.report_year + 1, 1, 1) as is_published_before_period_end,
        documents.region_inferred_code,
        documents.error_count,
        documents.warning_count,
        documents.extractor_version,
        documents.ingested_at
    from documents
    left join reports
        on documents.document_id = reports.document_id
    left join agency_reports
        on documents.document_id = agency_reports.document_id
    left join lifecycle
        on documents.document_id = lifecycle.document_id
)

select * from final
