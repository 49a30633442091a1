{#- Table 三 cells, typed and complete: one row per report × declared t3 cell of the report's table-三
    template (161 for v2019, 175 for v2021). A cell the parser did not land still gets a row, with a
    null value, is_blank and is_missing_cell; blank cells stay null, never 0. The grid join is the
    macro grid_complete_cells (macros/cells/). -#}
with reports as (
    select * from {{ ref('int_reports_versioned') }}
    where t3_template_version is not null
),

grid as (
    select * from {{ ref('int_template_cells_enumerated') }}
    where table_id = 't3'
),

-- read three times by the macro; not materialized, or DuckDB would copy every cell of the table once more
cells as not materialized (
    select * from {{ ref('stg_raw__cells') }}
    where table_id = 't3'
),

{{ grid_complete_cells('t3_template_version', ['outcome_key', 'applicant_type_key']) }},

final as (
    select
        document_id,
        template_version,
        outcome_key,
        applicant_type_key,
        cell_key,
        cell_order,
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
