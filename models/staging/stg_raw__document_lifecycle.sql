{#- 文件生命周期 document lifecycle: one row per landed document, whether it is the current version of
    its source file (extract/lifecycle.py derives it from the file manifest). -#}
with source as (
    select * from {{ source('raw', 'document_lifecycle') }}
),

final as (
    select
        doc_id as document_id,
        lifecycle_status,
        lifecycle_status = 'current' as is_current,
        current_path
    from source
)

select * from final
