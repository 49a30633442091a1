{#- The reports the rules run on: one row per landed report, with the template each table was read with
    and the agency identity the cross-year rules pair on (int_agencies_identified: normalised names,
    aliases and non-contradicting regions, the same identity as dim_agency and mart_agency_year). -#}
with documents as (
    select * from {{ ref('stg_raw__documents') }}
),

agencies as (
    select * from {{ ref('int_agencies_identified') }}
),

reports as (
    select
        document_id,
        template_version,
        coalesce(json_extract_string(table_templates, '$.t2'), template_version) as t2_template_version,
        coalesce(json_extract_string(table_templates, '$.t3'), template_version) as t3_template_version,
        coalesce(json_extract_string(table_templates, '$.t4'), template_version) as t4_template_version,
        coalesce(agency_name, agency_name_inferred) as agency_name,
        report_year,
        publication_date,
        publication_date_precision,
        source_file
    from documents
    where is_report
),

final as (
    select
        reports.document_id,
        reports.template_version,
        reports.t2_template_version,
        reports.t3_template_version,
        reports.t4_template_version,
        agencies.agency_key,
        reports.agency_name,
        reports.report_year,
        reports.publication_date,
        reports.publication_date_precision,
        reports.source_file
    from reports
    left join agencies
        on reports.document_id = agencies.document_id
)

select * from final
