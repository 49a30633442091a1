with source as (
    select * from {{ source('raw', 'extra_rows') }}
),

final as (
    select
        doc_id as document_id,
        table_id,
        label,
        position,
        cast(value as double) as cell_value,
        raw_text,
        line as line_number
    from source
)

select * from final
