{#- 主动公开 disclosure item: one row per template version × cell of table 二 (sub-table 第二十条第（X）项
    × row × measure), with its unit and its cross-template comparability (docs/REPORTS.md §3.4), from
    seeds/template_t2_cells.csv and seeds/template_comparability.csv. -#}
with t2_cells as (
    select * from {{ ref('template_t2_cells') }}
),

harmonised as (
    select * from {{ ref('int_disclosure_items_harmonised') }}
),

final as (
    select
        harmonised.disclosure_item_key,
        t2_cells.template_version,
        harmonised.cell_key,
        t2_cells.subtable_id,
        t2_cells.subtable_caption_zh,
        t2_cells.subtable_en,
        t2_cells.row_key,
        t2_cells.row_label_zh,
        t2_cells.row_label_en,
        t2_cells.col_key as measure_key,
        t2_cells.col_label_zh as measure_zh,
        t2_cells.col_label_en as measure_en,
        nullif(t2_cells.unit, '') as unit,
        t2_cells.value_type,
        harmonised.harmonised_cell_key,
        harmonised.counterpart_item_key,
        harmonised.comparability,
        harmonised.comparability_note_zh,
        harmonised.comparability_note_en,
        t2_cells.subtable_order * 10000 + t2_cells.row_order * 100 + t2_cells.col_order as sort_order
    from t2_cells
    inner join harmonised
        on t2_cells.template_version = harmonised.template_version
        and 't2.' || t2_cells.row_key || '.' || t2_cells.col_key = harmonised.cell_key
)

select * from final
