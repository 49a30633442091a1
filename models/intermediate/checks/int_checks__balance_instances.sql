{#- Balance rules A1–A6 (勾稽关系, docs/REPORTS.md §7.2) as rule instances: one row per report × rule × scope.

    The rules are data: each rule's left- and right-hand terms come from the seed template_rule_terms
    for the template version the table was read with, and its scopes from the template seeds (every
    table-三 column for A1/A2, every table-三 data row for A3, table 四 once for A4–A6). observed is the
    left-hand sum (the printed total), expected the right-hand sum. pre_status applies the null semantics
    of §7.1: skip when every cell is blank; incomplete when one side is blank and the other is not zero,
    or when the instance uses a total that is itself blank while its own parts are filled (so a blank
    （七）总计 makes A1 incomplete rather than failing it as 0); otherwise a blank counts as 0 and the
    instance is evaluable. great-expectations decides pass/fail on those rows (expectations/suites.py).

    A national year is ~36M cell × term rows grouped into ~4M instances: the grouping and the joins use
    integer keys (report_index per report, scope_id per rule × template × scope), and the strings are
    joined back once at the end. -#}
with reports as (
    select * from {{ ref('int_checks__reports') }}
),

cells as (
    select * from {{ ref('stg_raw__cells') }}
),

rules as (
    select * from {{ ref('template_rules') }}
),

rule_terms as (
    select * from {{ ref('template_rule_terms') }}
),

template_versions as (
    select * from {{ ref('template_versions') }}
),

t3_columns as (
    select * from {{ ref('template_t3_columns') }}
),

t3_rows as (
    select * from {{ ref('template_t3_rows') }}
),

balance_rules as (
    select
        rule_id,
        table_id,
        scope_kind
    from rules
    where rule_group = 'balance'
),

-- every scope of every balance rule, per template version
rule_scopes as (
    select
        balance_rules.rule_id,
        template_versions.template_version,
        balance_rules.table_id,
        balance_rules.scope_kind,
        t3_columns.col_key as scope_key
    from balance_rules
    inner join t3_columns on balance_rules.scope_kind = 'column'
    cross join template_versions
    union all
    select
        balance_rules.rule_id,
        t3_rows.template_version,
        balance_rules.table_id,
        balance_rules.scope_kind,
        t3_rows.row_key as scope_key
    from balance_rules
    inner join t3_rows on balance_rules.scope_kind = 'row' and t3_rows.is_data_row
    union all
    select
        balance_rules.rule_id,
        template_versions.template_version,
        balance_rules.table_id,
        balance_rules.scope_kind,
        balance_rules.table_id as scope_key
    from balance_rules
    cross join template_versions
    where balance_rules.scope_kind = 'none'
),

-- the cell each term of each scope reads: t3.<row>.<col> or t4.<col>
scope_terms as (
    select
        rule_scopes.rule_id,
        rule_scopes.template_version,
        rule_scopes.table_id,
        rule_scopes.scope_kind,
        rule_scopes.scope_key,
        rule_terms.side,
        rule_terms.term_key,
        case rule_scopes.scope_kind
            when 'column' then rule_scopes.table_id || '.' || rule_terms.term_key || '.' || rule_scopes.scope_key
            when 'row' then rule_scopes.table_id || '.' || rule_scopes.scope_key || '.' || rule_terms.term_key
            else rule_scopes.table_id || '.' || rule_terms.term_key
        end as cell_key
    from rule_scopes
    inner join rule_terms
        on rule_scopes.rule_id = rule_terms.rule_id
        and rule_scopes.template_version = rule_terms.template_version
),

-- each scope of each rule and template once, with an integer id for the joins below
scope_shapes as (
    select
        row_number() over (order by rule_id, template_version, scope_key) as scope_id,
        rule_id,
        template_version,
        table_id,
        scope_kind,
        scope_key,
        count(*) filter (where side = 'lhs') as lhs_terms,
        count(*) filter (where side = 'rhs') as rhs_terms,
        -- the single total cell of the left side, when it is one cell
        min(cell_key) filter (where side = 'lhs') as lhs_cell_key
    from scope_terms
    group by rule_id, template_version, table_id, scope_kind, scope_key
),

term_ids as (
    select
        scope_shapes.scope_id,
        scope_terms.template_version,
        scope_terms.side,
        scope_terms.cell_key
    from scope_terms
    inner join scope_shapes
        on scope_terms.rule_id = scope_shapes.rule_id
        and scope_terms.template_version = scope_shapes.template_version
        and scope_terms.scope_key = scope_shapes.scope_key
),

indexed_reports as (
    select
        row_number() over (order by document_id) as report_index,
        document_id,
        t3_template_version,
        t4_template_version
    from reports
),

-- each landed cell of tables 三/四 with the template its table was read with
report_cells as (
    select
        indexed_reports.report_index,
        cells.cell_key,
        cells.cell_value,
        -- a cell the parser could not place (its row had fewer values than cells, or was not found) is
        -- unknown, not blank: rules using it are incomplete rather than failing on a parse problem
        list_has_any(cells.flags, ['misaligned', 'missing_row', 'ambiguous_split', 'no_consistent_split', 'unreadable_run'])
            as is_unreadable,
        -- read by the balance rules themselves (extract/recover): such a cell cannot verify them
        coalesce(list_contains(cells.flags, 'rule_resolved'), false) as is_rule_resolved,
        case cells.table_id
            when 't3' then indexed_reports.t3_template_version
            else indexed_reports.t4_template_version
        end as template_version
    from cells
    inner join indexed_reports
        on cells.document_id = indexed_reports.document_id
    where cells.table_id in ('t3', 't4')
),

-- the cells' contributions to every instance that uses them (a cell of table 三 feeds A1 or A2 and A3);
-- joining the cells to the small term list scales linearly with the number of cells
cell_terms as (
    select
        report_cells.report_index,
        term_ids.scope_id,
        term_ids.side,
        term_ids.cell_key,
        report_cells.cell_value,
        report_cells.is_unreadable,
        report_cells.is_rule_resolved
    from report_cells
    inner join term_ids
        on report_cells.template_version = term_ids.template_version
        and report_cells.cell_key = term_ids.cell_key
),

cell_sums as (
    select
        report_index,
        scope_id,
        sum(cell_value) filter (where side = 'lhs') as lhs_sum,
        sum(cell_value) filter (where side = 'rhs') as rhs_sum,
        count(cell_value) filter (where side = 'lhs') as lhs_filled,
        count(cell_value) filter (where side = 'rhs') as rhs_filled,
        count(*) filter (where side = 'lhs' and cell_value <> 0) as lhs_nonzero,
        count(*) filter (where side = 'rhs' and cell_value <> 0) as rhs_nonzero,
        count(cell_value) filter (where is_rule_resolved) as rule_resolved_filled
    from cell_terms
    group by report_index, scope_id
),

-- unreadable cells are rare: listed apart, so the main grouping carries no strings
unreadable as (
    select
        report_index,
        scope_id,
        string_agg(cell_key, ', ' order by cell_key) as unreadable_cells
    from cell_terms
    where is_unreadable
    group by report_index, scope_id
),

-- every instance of every report, also when none of its cells was landed (then it is a skip)
instances as (
    select
        indexed_reports.report_index,
        scope_shapes.scope_id,
        scope_shapes.template_version,
        scope_shapes.lhs_terms,
        scope_shapes.lhs_cell_key,
        cell_sums.lhs_sum,
        cell_sums.rhs_sum,
        coalesce(cell_sums.lhs_filled, 0) as lhs_filled,
        coalesce(cell_sums.rhs_filled, 0) as rhs_filled,
        coalesce(cell_sums.lhs_nonzero, 0) as lhs_nonzero,
        coalesce(cell_sums.rhs_nonzero, 0) as rhs_nonzero,
        coalesce(cell_sums.rule_resolved_filled, 0) as rule_resolved_filled
    from indexed_reports
    inner join scope_shapes
        on (scope_shapes.table_id = 't3' and indexed_reports.t3_template_version = scope_shapes.template_version)
        or (scope_shapes.table_id = 't4' and indexed_reports.t4_template_version = scope_shapes.template_version)
    left join cell_sums
        on indexed_reports.report_index = cell_sums.report_index
        and scope_shapes.scope_id = cell_sums.scope_id
),

-- §7.1 on each instance by itself
classified as (
    select
        *,
        case
            when lhs_filled = 0 and rhs_filled = 0 then 'skip'
            when lhs_filled = 0 and rhs_nonzero > 0 then 'incomplete'
            when lhs_nonzero > 0 and rhs_filled = 0 then 'incomplete'
            else 'evaluable'
        end as own_status
    from instances
),

-- totals left blank while their parts are filled (the single-cell left side of an incomplete instance);
-- such a cell is unknown, not 0, wherever another rule uses it (e.g. （七）总计 in A1)
missing_totals as (
    select
        report_index,
        template_version,
        lhs_cell_key as cell_key
    from classified
    where own_status = 'incomplete' and lhs_terms = 1 and lhs_filled = 0
),

uses_missing_total as (
    select
        missing_totals.report_index,
        term_ids.scope_id,
        string_agg(distinct missing_totals.cell_key, ', ' order by missing_totals.cell_key) as missing_total_cells
    from missing_totals
    inner join term_ids
        on missing_totals.template_version = term_ids.template_version
        and missing_totals.cell_key = term_ids.cell_key
    group by missing_totals.report_index, term_ids.scope_id
),

statused as (
    select
        classified.*,
        unreadable.unreadable_cells,
        uses_missing_total.missing_total_cells,
        case
            when unreadable.unreadable_cells is not null then 'incomplete'
            when classified.own_status = 'evaluable' and uses_missing_total.missing_total_cells is not null
                then 'incomplete'
            else classified.own_status
        end as pre_status
    from classified
    left join unreadable
        on classified.report_index = unreadable.report_index
        and classified.scope_id = unreadable.scope_id
    left join uses_missing_total
        on classified.report_index = uses_missing_total.report_index
        and classified.scope_id = uses_missing_total.scope_id
),

final as (
    select
        indexed_reports.document_id,
        scope_shapes.rule_id,
        scope_shapes.scope_kind,
        scope_shapes.scope_key,
        statused.template_version,
        statused.pre_status,
        case when statused.pre_status = 'evaluable' then coalesce(statused.lhs_sum, 0) else statused.lhs_sum end
            as observed,
        case when statused.pre_status = 'evaluable' then coalesce(statused.rhs_sum, 0) else statused.rhs_sum end
            as expected,
        case
            when statused.pre_status = 'evaluable'
                then coalesce(statused.lhs_sum, 0) - coalesce(statused.rhs_sum, 0)
        end as difference,
        -- counts are integers: exact equality (the ±0.0005 money tolerance applies to decimal cells only)
        0.0 as tolerance,
        scope_shapes.lhs_terms,
        scope_shapes.rhs_terms,
        statused.lhs_filled,
        statused.rhs_filled,
        statused.lhs_nonzero,
        statused.rhs_nonzero,
        statused.missing_total_cells,
        statused.unreadable_cells,
        statused.rule_resolved_filled,
        -- an instance whose every filled cell was read by the template's arithmetic verifies nothing
        case
            when statused.lhs_filled + statused.rhs_filled > 0
                and statused.rule_resolved_filled = statused.lhs_filled + statused.rhs_filled
                then 'rule_resolved'
            else 'independent'
        end as verification
    from statused
    inner join indexed_reports
        on statused.report_index = indexed_reports.report_index
    inner join scope_shapes
        on statused.scope_id = scope_shapes.scope_id
)

select * from final
