-- 表四 row count: every report with a known table-四 template has exactly 15 review/litigation facts
-- (3 proceedings × 5 results). Returns offending reports.
with reports as (
    select * from {{ ref('dim_document') }}
    where t4_template_version is not null
),

facts as (
    select
        document_id,
        count(*) as n_facts
    from {{ ref('fct_review_litigation') }}
    group by document_id
),

final as (
    select
        reports.document_id,
        coalesce(facts.n_facts, 0) as n_facts
    from reports
    left join facts
        on reports.document_id = facts.document_id
    where coalesce(facts.n_facts, 0) <> 15
)

select * from final
