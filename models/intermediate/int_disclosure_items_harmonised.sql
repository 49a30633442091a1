{#- The cross-template mapping of table 二's cells (主动公开 items), from
    seeds/template_comparability.csv (docs/REPORTS.md §3.4): one row per template version × cell with its
    counterpart in the other template, the comparability and the harmonised (v2021) cell key under
    which both templates form one series. v2021 cells are their own series; a v2019 cell joins a
    v2021 series only when 'comparable' or 'approximate'. v2019 admin_fees counts fee items (项) and
    v2021 admin_fees.amount is money (万元): not comparable, so never mapped. -#}
with t2_cells as (
    select * from {{ ref('template_t2_cells') }}
),

comparability as (
    select * from {{ ref('template_comparability') }}
    where table_id = 't2'
),

cells as (
    select
        template_version,
        row_key || '.' || col_key as item_ref,
        't2.' || row_key || '.' || col_key as cell_key,
        template_version || '/t2.' || row_key || '.' || col_key as disclosure_item_key
    from t2_cells
),

v2019_side as (
    select
        'v2019' as template_version,
        v2019_key as item_ref,
        'v2021/t2.' || v2021_key as counterpart_item_key,
        case when comparability in ('comparable', 'approximate') then 't2.' || v2021_key end
            as harmonised_cell_key,
        comparability,
        note_zh,
        note_en
    from comparability
),

v2021_side as (
    select
        'v2021' as template_version,
        v2021_key as item_ref,
        'v2019/t2.' || v2019_key as counterpart_item_key,
        't2.' || v2021_key as harmonised_cell_key,
        comparability,
        note_zh,
        note_en
    from comparability
),

mapped as (
    select * from v2019_side
    union all
    select * from v2021_side
),

final as (
    select
        cells.template_version,
        cells.disclosure_item_key,
        cells.cell_key,
        mapped.counterpart_item_key,
        case
            when mapped.item_ref is not null then mapped.harmonised_cell_key
            when cells.template_version = 'v2021' then cells.cell_key
        end as harmonised_cell_key,
        coalesce(mapped.comparability, 'no_counterpart') as comparability,
        mapped.note_zh as comparability_note_zh,
        mapped.note_en as comparability_note_en
    from cells
    left join mapped
        on cells.template_version = mapped.template_version
        and cells.item_ref = mapped.item_ref
)

select * from final
