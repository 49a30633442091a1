with source as (
    select * from {{ source('raw', 'check_results') }}
),

final as (
    select
        doc_id as document_id,
        rule_id,
        rule_group,
        severity,
        scope_kind,
        scope_key,
        status as check_status,
        observed,
        expected,
        difference,
        message,
        template_version,
        related_doc_id as related_document_id,
        run_id,
        checked_at
    from source
)

select * from final
