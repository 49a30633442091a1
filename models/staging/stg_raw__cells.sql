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
        line as line_number,
        page as page_number,
        x0 as box_x0,
        top as box_top,
        x1 as box_x1,
        bottom as box_bottom,
        confidence as ocr_confidence,
        source as source_address
    from source
)

select * from final
