{#- Table 二 cells, typed and complete: one row per report × declared t2 cell of the report's table-二
    template (22 for v2019, 10 for v2021). Money cells carry the unit the parser converted to (万元)
    or, when the cell printed none, the template's unit. Blank cells stay null, never 0. The grid join
    is the macro grid_complete_cells (macros/cells/). -#}
with reports as (
    select * from {{ ref('int_reports_versioned') }}
    where t2_template_version is not null
),

template_cells as (
    select * from {{ ref('template_t2_cells') }}
),

grid_cells as (
    select * from {{ ref('int_template_cells_enumerated') }}
    where table_id = 't2'
),

-- read three times by the macro; not materialized, or DuckDB would copy every cell of the table once more
cells as not materialized (
    select * from {{ ref('stg_raw__cells') }}
    where table_id = 't2'
),

grid as (
    select
        grid_cells.*,
        nullif(template_cells.unit, '') as template_unit
    from grid_cells
    inner join template_cells
        on grid_cells.template_version = template_cells.template_version
        and grid_cells.row_key = template_cells.row_key
        and grid_cells.col_key = template_cells.col_key
),

{{ grid_complete_cells('t2_template_version', ['disclosure_item_key', 'subtable_id', 'row_key', 'col_key', 'template_unit']) }},

final as (
    select
        document_id,
        template_version,
        disclosure_item_key,
        subtable_id,
        row_key,
        col_key,
        cell_key,
        cell_order,
        coalesce(unit, template_unit) as unit,
        unit_raw,
        raw_text,
        cell_flags,
        line_number,
        page_number,
        box_x0,
        box_top,
        box_x1,
        box_bottom,
        source_address,
        is_missing_cell,
        is_blank,
        -- read by the template's arithmetic (a flattened run split by A1-A6, a row placed by order and
        -- confirmed by A2/A3): the rules used cannot verify this cell independently
        coalesce(list_contains(cell_flags, 'rule_resolved'), false) as is_rule_resolved,
        value
    from gridded
)

select * from final
