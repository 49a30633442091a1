-- Blank is not zero: every landed cell without a number (blank, dash, text) is a null fact value,
-- and every landed number reaches the facts unchanged (0 stays 0). Returns offending cells.
-- Cells and facts meet on one 64-bit hash of (document, cell key) rather than on the two strings (a
-- national year is ~20M rows a side); the strings are compared again for the few pairs that differ,
-- so a hash collision cannot fail the test and a changed value always does.
with cells as (
    select * from {{ ref('stg_raw__cells') }}
),

facts as (
    select document_id, cell_key, value, is_missing_cell from {{ ref('fct_applications') }}
    union all
    select document_id, cell_key, value, is_missing_cell from {{ ref('fct_proactive_disclosure') }}
    union all
    select document_id, cell_key, value, is_missing_cell from {{ ref('fct_review_litigation') }}
),

cell_values as (
    select
        hash(document_id, cell_key) as cell_hash,
        cell_value
    from cells
),

fact_values as (
    select
        hash(document_id, cell_key) as cell_hash,
        value
    from facts
    where not is_missing_cell
),

differing_hashes as (
    select distinct cell_values.cell_hash
    from cell_values
    inner join fact_values
        on cell_values.cell_hash = fact_values.cell_hash
    where fact_values.value is distinct from cell_values.cell_value
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
    where hash(cells.document_id, cells.cell_key) in (select cell_hash from differing_hashes)
        and facts.value is distinct from cells.cell_value
)

select * from final
