with source as (
    select * from {{ source('raw', 'cells') }}
),

final as (
    select
        doc_id as document_id,
        cell_key,
        table_id,
        subtable_id,
        row_key,
        col_key,
        cast(value as double) as cell_value,
        value is null as is_blank,
        raw_text,
        unit,
        unit_raw,
        flags,
        line as line_number
    from source
)

select * from final
