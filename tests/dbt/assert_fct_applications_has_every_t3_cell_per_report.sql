-- 表三 row count: every report with a known table-三 template has 25 × 7 = 175 application facts
-- (v2021) or 23 × 7 = 161 (v2019), and the seeds agree with those numbers. Returns offending reports.
with reports as (
    select * from {{ ref('dim_document') }}
    where t3_template_version is not null
),

template_versions as (
    select * from {{ ref('template_versions') }}
),

facts as (
    select
        document_id,
        count(*) as n_facts
    from {{ ref('fct_applications') }}
    group by document_id
),

expected as (
    select
        reports.document_id,
        reports.t3_template_version,
        case reports.t3_template_version when 'v2021' then 25 * 7 when 'v2019' then 23 * 7 end
            as expected_facts,
        template_versions.t3_value_cells as declared_facts
    from reports
    inner join template_versions
        on reports.t3_template_version = template_versions.template_version
),

final as (
    select
        expected.*,
        coalesce(facts.n_facts, 0) as n_facts
    from expected
    left join facts
        on expected.document_id = facts.document_id
    where coalesce(facts.n_facts, 0) <> expected.expected_facts
        or expected.declared_facts <> expected.expected_facts
)

select * from final
