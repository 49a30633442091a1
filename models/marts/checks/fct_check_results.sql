{#- 检查结果 check results: one row per report × rule × scope of the last `ogi check`, as stored in
    raw.check_results. A view, not a table: the store is already in this shape, and copying ~7M rows
    (a national year) on every build bought nothing. -#}
{{ config(materialized='view') }}

with check_results as (
    select * from {{ ref('stg_raw__check_results') }}
),

balance_instances as (
    select * from {{ ref('int_checks__balance_instances') }}
),

-- whether the cells a balance instance was computed from were read independently of the rule
with_verification as (
    select
        check_results.*,
        coalesce(balance_instances.verification, 'independent') as verification
    from check_results
    left join balance_instances
        on check_results.rule_group = 'balance'
        and check_results.document_id = balance_instances.document_id
        and check_results.rule_id = balance_instances.rule_id
        and check_results.scope_kind = balance_instances.scope_kind
        and check_results.scope_key = balance_instances.scope_key
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
        difference,
        verification
    from with_verification
)

select * from final
