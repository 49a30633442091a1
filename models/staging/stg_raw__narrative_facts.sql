with source as (
    select * from {{ source('raw', 'narrative_facts') }}
),

final as (
    select
        doc_id as document_id,
        fact_key,
        cast(value as double) as fact_value,
        raw_text,
        line as line_number
    from source
)

select * from final
