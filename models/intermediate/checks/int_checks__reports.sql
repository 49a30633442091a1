{#- The reports the rules run on: one row per landed report, with the template each table was read with
    and a normalised agency key for the cross-year rules (same agency, consecutive years). -#}
with documents as (
    select * from {{ ref('stg_raw__documents') }}
),

reports as (
    select
        document_id,
        template_version,
        coalesce(json_extract_string(table_templates, '$.t2'), template_version) as t2_template_version,
        coalesce(json_extract_string(table_templates, '$.t3'), template_version) as t3_template_version,
        coalesce(json_extract_string(table_templates, '$.t4'), template_version) as t4_template_version,
        coalesce(agency_name, agency_name_inferred) as agency_name,
        coalesce(region_province, region_inferred_province) as agency_province,
        report_year,
        publication_date,
        publication_date_precision,
        source_file
    from documents
    where is_report
),

final as (
    select
        document_id,
        template_version,
        t2_template_version,
        t3_template_version,
        t4_template_version,
        agency_name,
        -- §6.1-style normalisation: full-width brackets to ASCII, whitespace and quotes removed
        nullif(
            regexp_replace(
                replace(replace(agency_name, '（', '('), '）', ')'),
                '[\s\x{00a0}\x{3000}“”"]+', '', 'g'
            ),
            ''
        ) as agency_key,
        agency_province,
        report_year,
        publication_date,
        publication_date_precision,
        source_file
    from reports
)

select * from final
