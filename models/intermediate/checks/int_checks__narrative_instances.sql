{#- Narrative cross-checks (docs/REPORTS.md §7.5) as rule instances: one row per report × rule that has the
    narrative fact. N1: the application count stated in the text (e.g. 受理依申请公开22件, fact
    applications_received) equals table 三's 本年新收 总计. N2: when the text says no application was
    received (fact no_applications_received), table 三's 本年新收 row is all zero: observed is its
    largest cell, expected 0. N3 (loose, v2021): 未收取信息处理费 (no_fees_collected) agrees with a zero
    other_fee_unpaid 总计. N4: no review or litigation stated (no_review_litigation) agrees with zero
    table-四 totals. N3/N4 are evaluated once seeds/template_rules.csv lists them. Skip when the table
    side is blank. -#}
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
        -- the earliest line wins, then the raw text: the same statement on every build
        arg_min(fact_value, (coalesce(line_number, 0), raw_text)) as fact_value,
        arg_min(raw_text, (coalesce(line_number, 0), raw_text)) as raw_text,
        min(line_number) as line_number
    from narrative_facts
    where fact_key in ('applications_received', 'no_applications_received', 'no_fees_collected', 'no_review_litigation')
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

fee_unpaid as (
    select
        document_id,
        max(cell_value) as fee_unpaid_total
    from cells
    where cell_key = 't3.other_fee_unpaid.total'
    group by document_id
),

review_litigation as (
    select
        document_id,
        max(cell_value) as largest_total
    from cells
    where cell_key in ('t4.review_total', 't4.lit_direct_total', 't4.lit_after_review_total')
    group by document_id
),

n3 as (
    select
        first_facts.document_id,
        'N3' as rule_id,
        fee_unpaid.fee_unpaid_total as observed,
        0.0 as expected,
        first_facts.raw_text,
        first_facts.line_number
    from first_facts
    inner join fee_unpaid
        on first_facts.document_id = fee_unpaid.document_id
    where first_facts.fact_key = 'no_fees_collected'
),

n4 as (
    select
        first_facts.document_id,
        'N4' as rule_id,
        review_litigation.largest_total as observed,
        0.0 as expected,
        first_facts.raw_text,
        first_facts.line_number
    from first_facts
    left join review_litigation
        on first_facts.document_id = review_litigation.document_id
    where first_facts.fact_key = 'no_review_litigation'
),

unioned as (
    select * from n1
    union all
    select * from n2
    union all
    select * from n3
    union all
    select * from n4
),

final as (
    select
        unioned.document_id,
        unioned.rule_id,
        'none' as scope_kind,
        case unioned.rule_id
            when 'N3' then 't3.other_fee_unpaid.total'
            when 'N4' then 't4.totals'
            else 't3.new_received'
        end as scope_key,
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
