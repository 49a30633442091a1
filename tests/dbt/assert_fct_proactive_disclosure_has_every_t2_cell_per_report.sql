-- 表二 row count: every report with a known table-二 template has one fact per declared cell:
-- 22 (v2019) or 10 (v2021). Returns offending reports.
with reports as (
    select * from {{ ref('dim_document') }}
    where t2_template_version is not null
),

facts as (
    select
        document_id,
        count(*) as n_facts
    from {{ ref('fct_proactive_disclosure') }}
    group by document_id
),

final as (
    select
        reports.document_id,
        reports.t2_template_version,
        coalesce(facts.n_facts, 0) as n_facts
    from reports
    left join facts
        on reports.document_id = facts.document_id
    where coalesce(facts.n_facts, 0)
        <> case reports.t2_template_version when 'v2021' then 10 when 'v2019' then 22 end
)

select * from final
