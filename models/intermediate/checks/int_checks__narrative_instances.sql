{#- Narrative cross-checks N1/N2 (REPORTS.md §7.5) as rule instances: one row per report × rule that has
    the narrative fact. N1: the application count stated in the text (e.g. 受理依申请公开22件, fact
    applications_received) equals table 三's 本年新收 总计. N2: when the text says no application was
    received (fact no_applications_received), table 三's 本年新收 row is all zero: observed is its
    largest cell, expected 0. Skip when the table side is blank. -#}
with reports as (
    select * from {{ ref('int_checks__reports') }}
),

cells as (
    select * from {{ ref('stg_raw__cells') }}
),

narrative_facts as (
    select * from {{ ref('stg_raw__narrative_facts') }}
),

-- the first statement of each fact in the text
first_facts as (
    select
        document_id,
        fact_key,
        arg_min(fact_value, coalesce(line_number, 0)) as fact_value,
        arg_min(raw_text, coalesce(line_number, 0)) as raw_text,
        min(line_number) as line_number
    from narrative_facts
    where fact_key in ('applications_received', 'no_applications_received')
    group by document_id, fact_key
),

new_received as (
    select
        document_id,
        max(cell_value) filter (where col_key = 'total') as new_received_total,
        max(cell_value) as new_received_max
    from cells
    where table_id = 't3' and row_key = 'new_received'
    group by document_id
),

n1 as (
    select
        first_facts.document_id,
        'N1' as rule_id,
        first_facts.fact_value as observed,
        new_received.new_received_total as expected,
        first_facts.raw_text,
        first_facts.line_number
    from first_facts
    inner join reports
        on first_facts.document_id = reports.document_id
    left join new_received
        on first_facts.document_id = new_received.document_id
    where first_facts.fact_key = 'applications_received'
),

n2 as (
    select
        first_facts.document_id,
        'N2' as rule_id,
        new_received.new_received_max as observed,
        0.0 as expected,
        first_facts.raw_text,
        first_facts.line_number
    from first_facts
    inner join reports
        on first_facts.document_id = reports.document_id
    left join new_received
        on first_facts.document_id = new_received.document_id
    where first_facts.fact_key = 'no_applications_received'
),

unioned as (
    select * from n1
    union all
    select * from n2
),

final as (
    select
        unioned.document_id,
        unioned.rule_id,
        'none' as scope_kind,
        't3.new_received' as scope_key,
        reports.template_version,
        case when unioned.observed is null or unioned.expected is null then 'skip' else 'evaluable' end
            as pre_status,
        unioned.observed,
        unioned.expected,
        unioned.observed - unioned.expected as difference,
        0.0 as tolerance,
        unioned.raw_text as narrative_text,
        unioned.line_number as narrative_line
    from unioned
    inner join reports
        on unioned.document_id = reports.document_id
)

select * from final
