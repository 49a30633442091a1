{#- One landed cell per report × cell address. Should a parser ever land an address twice, the first
    line wins (then the raw text), so every typed-cell model reads the same single value. -#}
with cells as (
    select * from {{ ref('stg_raw__cells') }}
),

final as (
    select *
    from cells
    qualify row_number() over (
        partition by document_id, cell_key order by line_number nulls last, raw_text
    ) = 1
)

select * from final
