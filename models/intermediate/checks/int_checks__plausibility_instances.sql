{#- Plausibility rules P1–P9 (docs/REPORTS.md §7.3) as rule instances: one row per report × rule × scope.

    observed/expected carry the two sides the expectation compares (expected is the bound: a threshold,
    a total, the next year's 1 January); the extra columns feed rule-specific expectations (n_negative,
    n_non_integer, table_status, template_expected, late_after). Cell-level rules (P1, P2) are summarised
    per report × table so the frame stays small at 100,000 reports; `detail` names the offending cells.
    great-expectations decides pass/fail on the evaluable rows (expectations/suites.py). -#}
with reports as (
    select * from {{ ref('int_checks__reports') }}
),

cells as (
    select * from {{ ref('stg_raw__cells') }}
),

t2_cells as (
    select * from {{ ref('template_t2_cells') }}
),

t3_rows as (
    select * from {{ ref('template_t3_rows') }}
),

template_versions as (
    select * from {{ ref('template_versions') }}
),

-- P4's two sides per template version (table 二 has no balance identity, only this ordering)
p4_pairs as (
    select * from (
        values
            ('v2021', 'regulations', 'in_force', 'issued'),
            ('v2021', 'normative_docs', 'in_force', 'issued'),
            ('v2019', 'regulations', 'total_published', 'new_published'),
            ('v2019', 'normative_docs', 'total_published', 'new_published')
    ) as pairs (template_version, row_key, stock_col_key, flow_col_key)
),

-- every cell with its value type, read once (materialized: the rules below all scan it)
typed_cells as materialized (
    select
        cells.document_id,
        cells.table_id,
        cells.cell_key,
        cells.row_key,
        cells.col_key,
        cells.cell_value,
        cells.raw_text,
        case cells.table_id
            when 't2' then reports.t2_template_version
            when 't3' then reports.t3_template_version
            else reports.t4_template_version
        end as table_template_version,
        case
            when cells.table_id = 't2' then coalesce(t2_cells.value_type, 'int')
            else 'int'
        end as value_type
    from reports
    inner join cells
        on reports.document_id = cells.document_id
    left join t2_cells
        on cells.table_id = 't2'
        and reports.t2_template_version = t2_cells.template_version
        and cells.row_key = t2_cells.row_key
        and cells.col_key = t2_cells.col_key
),

flagged_cells as (
    select
        *,
        value_type = 'int' and cell_value < 0 as is_negative,
        value_type in ('int', 'signed_int') and cell_value <> floor(cell_value) as is_non_integer,
        (table_id = 't3' and col_key = 'total') or (table_id = 't2' and value_type = 'int') as is_p6_count
    from typed_cells
),

-- one pass over the cells per report × table feeds P1/P2, P6 and P7
table_summary as materialized (
    select
        document_id,
        table_id,
        count(*) as n_cells,
        count(cell_value) as n_filled,
        count(*) filter (where cell_value <> 0) as n_nonzero,
        count(*) filter (where is_negative) as n_negative,
        count(*) filter (where is_non_integer) as n_non_integer,
        string_agg(cell_key || '=' || coalesce(nullif(raw_text, ''), cast(cell_value as varchar)), '; '
            order by cell_key) filter (where is_negative or is_non_integer) as bad_cells,
        max(cell_value) filter (where is_p6_count) as p6_max,
        -- ties go to the first cell key, so the detail is the same on every build
        arg_min(cell_key, (-cell_value, cell_key)) filter (where is_p6_count and cell_value is not null)
            as p6_max_cell
    from flagged_cells
    group by document_id, table_id
),

-- P1 (tables 三 and 四) and P2 (table 二): counts are non-negative integers or blank
p1_p2 as (
    select
        document_id,
        case when table_id = 't2' then 'P2' else 'P1' end as rule_id,
        'table' as scope_kind,
        table_id as scope_key,
        case when n_filled = 0 then 'skip' else 'evaluable' end as pre_status,
        cast(n_negative + n_non_integer as double) as observed,
        0.0 as expected,
        n_negative,
        n_non_integer,
        bad_cells as detail
    from table_summary
),

t2_values as materialized (
    select
        document_id,
        cell_key,
        cell_value,
        raw_text
    from typed_cells
    where table_id = 't2'
),

-- P3: the administrative fee amount (万元) is not negative and not implausibly large
p3 as (
    select
        document_id,
        'P3' as rule_id,
        'cell' as scope_kind,
        cell_key as scope_key,
        case when cell_value is null then 'skip' else 'evaluable' end as pre_status,
        cell_value as observed,
        cast({{ check_threshold('fee_unit_error') }} as double) as expected,
        raw_text as detail
    from t2_values
    where cell_key = 't2.admin_fees.amount'
),

-- P4: the stock of documents in force is at least this year's flow
p4 as (
    select
        reports.document_id,
        'P4' as rule_id,
        'row' as scope_kind,
        p4_pairs.row_key as scope_key,
        case when stock.cell_value is null or flow.cell_value is null then 'skip' else 'evaluable' end
            as pre_status,
        stock.cell_value as observed,
        flow.cell_value as expected,
        p4_pairs.stock_col_key || ' >= ' || p4_pairs.flow_col_key as detail
    from reports
    inner join p4_pairs
        on reports.t2_template_version = p4_pairs.template_version
    left join t2_values as stock
        on reports.document_id = stock.document_id
        and stock.cell_key = 't2.' || p4_pairs.row_key || '.' || p4_pairs.stock_col_key
    left join t2_values as flow
        on reports.document_id = flow.document_id
        and flow.cell_key = 't2.' || p4_pairs.row_key || '.' || p4_pairs.flow_col_key
),

t3_values as (
    select
        typed_cells.document_id,
        typed_cells.col_key,
        typed_cells.row_key,
        typed_cells.cell_value,
        t3_rows.row_order,
        t3_rows.is_result_leaf
    from typed_cells
    inner join t3_rows
        on typed_cells.table_template_version = t3_rows.template_version
        and typed_cells.row_key = t3_rows.row_key
    where typed_cells.table_id = 't3'
),

t3_column_summary as (
    select
        document_id,
        col_key,
        max(cell_value) filter (where is_result_leaf) as max_leaf,
        -- ties go to the first row of the template, so the detail is the same on every build
        arg_max(row_key, (cell_value, -row_order)) filter (where is_result_leaf and cell_value is not null)
            as max_leaf_row,
        max(cell_value) filter (where row_key = 'results_total') as results_total,
        max(cell_value) filter (where row_key = 'carried_forward') as carried_forward,
        max(cell_value) filter (where row_key = 'new_received') as new_received,
        max(cell_value) filter (where row_key = 'carried_over') as carried_over
    from t3_values
    group by document_id, col_key
),

-- P5: no leaf exceeds the results total; carried forward <= new received + carried over
p5 as (
    select
        document_id,
        'P5' as rule_id,
        'column' as scope_kind,
        col_key || '/max_leaf' as scope_key,
        case when max_leaf is null or results_total is null then 'skip' else 'evaluable' end as pre_status,
        max_leaf as observed,
        results_total as expected,
        max_leaf_row as detail
    from t3_column_summary
    union all
    select
        document_id,
        'P5' as rule_id,
        'column' as scope_kind,
        col_key || '/carried_forward' as scope_key,
        case
            when carried_forward is null or (new_received is null and carried_over is null) then 'skip'
            else 'evaluable'
        end as pre_status,
        carried_forward as observed,
        coalesce(new_received, 0) + coalesce(carried_over, 0) as expected,
        'carried_forward <= new_received + carried_over' as detail
    from t3_column_summary
),

-- P6: suspicious magnitudes (table 三 total column; table 二 counts)
p6 as (
    select
        document_id,
        'P6' as rule_id,
        case when table_id = 't3' then 'column' else 'table' end as scope_kind,
        case when table_id = 't3' then 't3.total' else 't2.counts' end as scope_key,
        case when p6_max is null then 'skip' else 'evaluable' end as pre_status,
        p6_max as observed,
        case
            when table_id = 't3' then cast({{ check_threshold('t3_total_suspicious') }} as double)
            else cast({{ check_threshold('t2_count_suspicious') }} as double)
        end as expected,
        p6_max_cell as detail
    from table_summary
    where table_id in ('t2', 't3')
),

-- P7: table-level status; every report gets a row for each of the three tables, even without cells
report_tables as (
    select
        reports.document_id,
        tables.table_id
    from reports
    cross join (values ('t2'), ('t3'), ('t4')) as tables (table_id)
),

p7 as (
    select
        report_tables.document_id,
        'P7' as rule_id,
        'table' as scope_kind,
        report_tables.table_id as scope_key,
        'evaluable' as pre_status,
        cast(coalesce(table_summary.n_filled, 0) as double) as observed,
        cast(coalesce(table_summary.n_cells, 0) as double) as expected,
        case
            when coalesce(table_summary.n_filled, 0) = 0 then 'all_null'
            when table_summary.n_nonzero = 0 then 'all_zero'
            else 'has_values'
        end as table_status
    from report_tables
    left join table_summary
        on report_tables.document_id = table_summary.document_id
        and report_tables.table_id = table_summary.table_id
),

-- P8: report year in range; publication on or after 1 January of the next year, by 31 March
p8 as (
    select
        document_id,
        'P8' as rule_id,
        'document' as scope_kind,
        'report_year' as scope_key,
        case when report_year is null then 'skip' else 'evaluable' end as pre_status,
        cast(report_year as double) as observed,
        cast(null as double) as expected,
        cast(null as double) as late_after,
        cast(null as varchar) as detail
    from reports
    union all
    select
        document_id,
        'P8' as rule_id,
        'document' as scope_kind,
        'publication_date' as scope_key,
        case when report_year is null or publication_date is null then 'skip' else 'evaluable' end
            as pre_status,
        cast(strftime(publication_date, '%Y%m%d') as double) as observed,
        cast((report_year + 1) * 10000 + 101 as double) as expected,
        cast((report_year + 1) * 10000 + 331 as double) as late_after,
        'precision: ' || publication_date_precision as detail
    from reports
),

-- P9: the template matches the year it was meant for (template_versions' intended years)
p9 as (
    select
        reports.document_id,
        'P9' as rule_id,
        'document' as scope_kind,
        'template_version' as scope_key,
        case
            when reports.report_year is null or reports.template_version not in ('v2019', 'v2021') then 'skip'
            else 'evaluable'
        end as pre_status,
        cast(reports.report_year as double) as observed,
        cast(null as double) as expected,
        reports.template_version,
        template_versions.template_version as template_expected
    from reports
    left join template_versions
        on reports.report_year >= template_versions.intended_first_year
        and reports.report_year <= coalesce(template_versions.intended_last_year, 9999)
),

unioned as (
    select
        document_id, rule_id, scope_kind, scope_key, pre_status, observed, expected,
        n_negative, n_non_integer, detail
    from p1_p2
    union all by name
    select document_id, rule_id, scope_kind, scope_key, pre_status, observed, expected, detail from p3
    union all by name
    select document_id, rule_id, scope_kind, scope_key, pre_status, observed, expected, detail from p4
    union all by name
    select document_id, rule_id, scope_kind, scope_key, pre_status, observed, expected, detail from p5
    union all by name
    select document_id, rule_id, scope_kind, scope_key, pre_status, observed, expected, detail from p6
    union all by name
    select
        document_id, rule_id, scope_kind, scope_key, pre_status, observed, expected, table_status,
        scope_key || ': ' || cast(observed as integer) || ' of ' || cast(expected as integer)
            || ' cells filled (' || table_status || ')' as detail
    from p7
    union all by name
    select document_id, rule_id, scope_kind, scope_key, pre_status, observed, expected, late_after, detail from p8
    union all by name
    select
        document_id, rule_id, scope_kind, scope_key, pre_status, observed, expected, template_expected,
        template_version || ' tables in a ' || cast(observed as integer) || ' report' as detail
    from p9
),

final as (
    select
        unioned.document_id,
        unioned.rule_id,
        unioned.scope_kind,
        unioned.scope_key,
        reports.template_version,
        unioned.pre_status,
        unioned.observed,
        unioned.expected,
        -- a difference only where it is a count (P8 compares yyyymmdd dates, P3/P6 thresholds, P7/P9 states)
        case when unioned.rule_id in ('P1', 'P2', 'P4', 'P5') then unioned.observed - unioned.expected end
            as difference,
        cast(unioned.n_negative as integer) as n_negative,
        cast(unioned.n_non_integer as integer) as n_non_integer,
        cast(unioned.table_status as varchar) as table_status,
        cast(unioned.template_expected as varchar) as template_expected,
        cast(unioned.late_after as double) as late_after,
        cast(unioned.detail as varchar) as detail
    from unioned
    inner join reports
        on unioned.document_id = reports.document_id
)

select * from final
