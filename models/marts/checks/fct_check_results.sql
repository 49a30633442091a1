{#- 检查结果 check results: one row per report × rule × scope of the last `ogi check`, as stored in
    raw.check_results. A view, not a table: the store is already in this shape, and copying ~7M rows
    (a national year) on every build bought nothing. -#}
{{ config(materialized='view') }}

with check_results as (
    select * from {{ ref('stg_raw__check_results') }}
),

final as (
    select
        document_id,
        rule_id,
        scope_kind,
        scope_key,
        related_document_id,
        rule_group,
        severity,
        template_version,
        check_status,
        message,
        run_id,
        checked_at,
        observed,
        expected,
        difference
    from check_results
)

select * from final
