with source as (
    select * from {{ source('raw', 'sections') }}
),

final as (
    select
        doc_id as document_id,
        section_key,
        heading,
        line_start,
        line_end,
        text as section_text,
        length(text) as text_length
    from source
)

select * from final
