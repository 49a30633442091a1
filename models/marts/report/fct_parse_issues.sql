{#- 解析问题 (parse issues): one row per issue the parser raised for a file (reports and files that are
    not reports alike), with the agency and year where the file is a report, so data quality can be read
    by issue code next to the documents behind it. A view: the issues are stored once in raw.parse_issues. -#}
{{ config(materialized='view') }}

with issues as (
    select * from {{ ref('stg_raw__parse_issues') }}
),

agency_reports as (
    select * from {{ ref('int_agencies_identified') }}
),

final as (
    select
        issues.document_id,
        agency_reports.agency_key,
        agency_reports.report_year,
        issues.severity,
        issues.issue_code,
        issues.message,
        issues.line_number,
        issues.cell_key,
        issues.source_path,
        issues.extractor_version
    from issues
    left join agency_reports
        on issues.document_id = agency_reports.document_id
)

select * from final
