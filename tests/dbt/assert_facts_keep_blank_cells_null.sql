-- Blank is not zero: every landed cell without a number (blank, dash, text) is a null fact value,
-- and every landed number reaches the facts unchanged (0 stays 0). Returns offending cells.
with cells as (
    select * from {{ ref('stg_raw__cells') }}
),

facts as (
    select document_id, cell_key, value from {{ ref('fct_applications') }}
    union all
    select document_id, cell_key, value from {{ ref('fct_proactive_disclosure') }}
    union all
    select document_id, cell_key, value from {{ ref('fct_review_litigation') }}
),

final as (
    select
        cells.document_id,
        cells.cell_key,
        cells.cell_value,
        facts.value as fact_value
    from cells
    inner join facts
        on cells.document_id = facts.document_id
        and cells.cell_key = facts.cell_key
    where facts.value is distinct from cells.cell_value
)

select * from final
