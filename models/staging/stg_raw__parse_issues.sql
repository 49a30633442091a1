with source as (
    select * from {{ source('raw', 'parse_issues') }}
),

final as (
    select
        doc_id as document_id,
        source_path,
        severity,
        code as issue_code,
        message,
        line as line_number,
        cell_key,
        extractor_version
    from source
)

select * from final
