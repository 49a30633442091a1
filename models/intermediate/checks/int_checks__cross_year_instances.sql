{#- Cross-year rules X1/X2 (docs/REPORTS.md §7.4) as rule instances: one row per pair of reports of the same
    agency in consecutive years × rule × scope. The agency is int_agencies_identified's agency_key
    (normalised names and aliases, regions that do not contradict: the identity of dim_agency).
    X1 per table-三 column: this year's 上年结转 = last year's 结转下年度继续办理 (skip when either is blank).
    X2 (both years on v2019) per table-二 row: this year's 上一年项目数量 = last year's 上一年项目数量 +
    本年增/减 (a blank change counts as 0; skip when either item count is blank). -#}
with reports as (
    select * from {{ ref('int_checks__reports') }}
),

agencies as (
    select * from {{ ref('int_agencies_identified') }}
),

cells as (
    select * from {{ ref('stg_raw__cells') }}
),

t3_columns as (
    select * from {{ ref('template_t3_columns') }}
),

t2_cells as (
    select * from {{ ref('template_t2_cells') }}
),

-- table-二 rows that have both an item count and a change column in v2019
x2_rows as (
    select distinct row_key
    from t2_cells
    where template_version = 'v2019' and col_key = 'change'
),

-- only the cells the two rules read, once: a small set even at 100,000 reports
carry_cells as (
    select
        document_id,
        row_key,
        col_key,
        cell_value
    from cells
    where (table_id = 't3' and row_key in ('carried_over', 'carried_forward'))
        or (
            table_id = 't2'
            and col_key in ('prev_year_items', 'change')
            and row_key in (select row_key from x2_rows)
        )
),

agency_reports as (
    select
        reports.document_id,
        reports.template_version,
        reports.t2_template_version,
        reports.report_year,
        agencies.agency_key
    from reports
    inner join agencies
        on reports.document_id = agencies.document_id
    where reports.report_year is not null
),

report_pairs as (
    select
        this_year.document_id,
        last_year.document_id as related_document_id,
        this_year.template_version,
        this_year.t2_template_version,
        last_year.t2_template_version as related_t2_template_version
    from agency_reports as this_year
    inner join agency_reports as last_year
        on this_year.agency_key = last_year.agency_key
        and this_year.report_year = last_year.report_year + 1
),

x1 as (
    select
        report_pairs.document_id,
        'X1' as rule_id,
        'column' as scope_kind,
        t3_columns.col_key as scope_key,
        report_pairs.related_document_id,
        report_pairs.template_version,
        this_cell.cell_value as observed,
        last_cell.cell_value as expected
    from report_pairs
    cross join t3_columns
    left join carry_cells as this_cell
        on report_pairs.document_id = this_cell.document_id
        and this_cell.row_key = 'carried_over'
        and t3_columns.col_key = this_cell.col_key
    left join carry_cells as last_cell
        on report_pairs.related_document_id = last_cell.document_id
        and last_cell.row_key = 'carried_forward'
        and t3_columns.col_key = last_cell.col_key
),

x2 as (
    select
        report_pairs.document_id,
        'X2' as rule_id,
        'row' as scope_kind,
        x2_rows.row_key as scope_key,
        report_pairs.related_document_id,
        report_pairs.template_version,
        this_items.cell_value as observed,
        case when last_items.cell_value is not null then last_items.cell_value + coalesce(last_change.cell_value, 0) end
            as expected
    from report_pairs
    cross join x2_rows
    left join carry_cells as this_items
        on report_pairs.document_id = this_items.document_id
        and x2_rows.row_key = this_items.row_key
        and this_items.col_key = 'prev_year_items'
    left join carry_cells as last_items
        on report_pairs.related_document_id = last_items.document_id
        and x2_rows.row_key = last_items.row_key
        and last_items.col_key = 'prev_year_items'
    left join carry_cells as last_change
        on report_pairs.related_document_id = last_change.document_id
        and x2_rows.row_key = last_change.row_key
        and last_change.col_key = 'change'
    where report_pairs.t2_template_version = 'v2019'
        and report_pairs.related_t2_template_version = 'v2019'
),

unioned as (
    select * from x1
    union all
    select * from x2
),

final as (
    select
        document_id,
        rule_id,
        scope_kind,
        scope_key,
        related_document_id,
        template_version,
        case when observed is null or expected is null then 'skip' else 'evaluable' end as pre_status,
        observed,
        expected,
        observed - expected as difference,
        0.0 as tolerance
    from unioned
)

select * from final
