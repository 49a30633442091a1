with source as (
    select * from {{ source('raw', 'documents') }}
),

final as (
    select
        doc_id as document_id,
        source_path,
        source_file,
        size_bytes,
        encoding,
        is_report,
        status as parse_status,
        layout,
        source_format,
        template as template_version,
        table_templates,
        title,
        agency_name,
        agency_aliases,
        agency_name_inferred,
        agency_level,
        report_year,
        report_year_source,
        publication_date as publication_date_text,
        try_cast(case when length(publication_date) = 7 then publication_date || '-01' else publication_date end as date)
            as publication_date,
        case when length(publication_date) = 7 then 'month' when publication_date is not null then 'day' end
            as publication_date_precision,
        publication_date_raw,
        publication_date_source,
        region_province,
        region_city,
        region_county,
        region_township,
        region_inferred_province,
        region_inferred_city,
        region_inferred_county,
        region_inferred_code,
        t2_status,
        t3_status,
        t4_status,
        error_count,
        warning_count,
        extractor_version,
        ingested_at
    from source
)

select * from final
