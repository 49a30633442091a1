{#- Balance rules A1–A6 (勾稽关系, REPORTS.md §7.2) as rule instances: one row per report × rule × scope.

    The rules are data: each rule's left- and right-hand terms come from the seed template_rule_terms
    for the template version the table was read with, and its scopes from the template seeds (every
    table-三 column for A1/A2, every table-三 data row for A3, table 四 once for A4–A6). observed is the
    left-hand sum (the printed total), expected the right-hand sum. pre_status applies the null semantics
    of §7.1: skip when every cell is blank; incomplete when one side is blank and the other is not zero,
    or when the instance uses a total that is itself blank while its own parts are filled (so a blank
    （七）总计 makes A1 incomplete rather than failing it as 0); otherwise a blank counts as 0 and the
    instance is evaluable. great-expectations decides pass/fail on those rows (expectations/suites.py). -#}
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

-- each landed cell of tables 三/四 with the template its table was read with
report_cells as (
    select
        cells.document_id,
        cells.cell_key,
        cells.cell_value,
        -- a cell the parser could not place (its row had fewer values than cells, or was not found) is
        -- unknown, not blank: rules using it are incomplete rather than failing on a parse problem
        list_has_any(cells.flags, ['misaligned', 'missing_row']) as is_unreadable,
        case cells.table_id
            when 't3' then reports.t3_template_version
            else reports.t4_template_version
        end as template_version
    from cells
    inner join reports
        on cells.document_id = reports.document_id
    where cells.table_id in ('t3', 't4')
),

-- the cells' contributions to every instance that uses them (a cell of table 三 feeds A1 or A2 and A3);
-- joining the cells to the small term list scales linearly with the number of cells
cell_terms as (
    select
        report_cells.document_id,
        scope_terms.rule_id,
        scope_terms.scope_key,
        scope_terms.side,
        scope_terms.cell_key,
        report_cells.cell_value,
        report_cells.is_unreadable
    from report_cells
    inner join scope_terms
        on report_cells.template_version = scope_terms.template_version
        and report_cells.cell_key = scope_terms.cell_key
),

cell_sums as (
    select
        document_id,
        rule_id,
        scope_key,
        sum(cell_value) filter (where side = 'lhs') as lhs_sum,
        sum(cell_value) filter (where side = 'rhs') as rhs_sum,
        count(cell_value) filter (where side = 'lhs') as lhs_filled,
        count(cell_value) filter (where side = 'rhs') as rhs_filled,
        count(*) filter (where side = 'lhs' and cell_value <> 0) as lhs_nonzero,
        count(*) filter (where side = 'rhs' and cell_value <> 0) as rhs_nonzero,
        string_agg(cell_key, ', ' order by cell_key) filter (where is_unreadable) as unreadable_cells
    from cell_terms
    group by document_id, rule_id, scope_key
),

-- the shape of every instance: its terms per side and, when the left side is one cell, that total cell
scope_shapes as (
    select
        rule_id,
        template_version,
        table_id,
        scope_kind,
        scope_key,
        count(*) filter (where side = 'lhs') as lhs_terms,
        count(*) filter (where side = 'rhs') as rhs_terms,
        any_value(cell_key) filter (where side = 'lhs') as lhs_cell_key
    from scope_terms
    group by rule_id, template_version, table_id, scope_kind, scope_key
),

-- every instance of every report, also when none of its cells was landed (then it is a skip)
instances as (
    select
        reports.document_id,
        scope_shapes.rule_id,
        scope_shapes.scope_kind,
        scope_shapes.scope_key,
        scope_shapes.template_version,
        cell_sums.lhs_sum,
        cell_sums.rhs_sum,
        scope_shapes.lhs_terms,
        scope_shapes.rhs_terms,
        coalesce(cell_sums.lhs_filled, 0) as lhs_filled,
        coalesce(cell_sums.rhs_filled, 0) as rhs_filled,
        coalesce(cell_sums.lhs_nonzero, 0) as lhs_nonzero,
        coalesce(cell_sums.rhs_nonzero, 0) as rhs_nonzero,
        scope_shapes.lhs_cell_key,
        cell_sums.unreadable_cells,
        -- counts are integers: exact equality (the ±0.0005 money tolerance applies to decimal cells only)
        0.0 as tolerance
    from reports
    inner join scope_shapes
        on (scope_shapes.table_id = 't3' and reports.t3_template_version = scope_shapes.template_version)
        or (scope_shapes.table_id = 't4' and reports.t4_template_version = scope_shapes.template_version)
    left join cell_sums
        on reports.document_id = cell_sums.document_id
        and scope_shapes.rule_id = cell_sums.rule_id
        and scope_shapes.scope_key = cell_sums.scope_key
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
        document_id,
        template_version,
        lhs_cell_key as cell_key
    from classified
    where own_status = 'incomplete' and lhs_terms = 1 and lhs_filled = 0
),

uses_missing_total as (
    select
        missing_totals.document_id,
        scope_terms.rule_id,
        scope_terms.scope_key,
        string_agg(distinct missing_totals.cell_key, ', ' order by missing_totals.cell_key) as missing_total_cells
    from missing_totals
    inner join scope_terms
        on missing_totals.template_version = scope_terms.template_version
        and missing_totals.cell_key = scope_terms.cell_key
    group by missing_totals.document_id, scope_terms.rule_id, scope_terms.scope_key
),

statused as (
    select
        classified.*,
        uses_missing_total.missing_total_cells,
        case
            when classified.unreadable_cells is not null then 'incomplete'
            when classified.own_status = 'evaluable' and uses_missing_total.missing_total_cells is not null
                then 'incomplete'
            else classified.own_status
        end as pre_status
    from classified
    left join uses_missing_total
        on classified.document_id = uses_missing_total.document_id
        and classified.rule_id = uses_missing_total.rule_id
        and classified.scope_key = uses_missing_total.scope_key
),

final as (
    select
        document_id,
        rule_id,
        scope_kind,
        scope_key,
        template_version,
        pre_status,
        case when pre_status = 'evaluable' then coalesce(lhs_sum, 0) else lhs_sum end as observed,
        case when pre_status = 'evaluable' then coalesce(rhs_sum, 0) else rhs_sum end as expected,
        case when pre_status = 'evaluable' then coalesce(lhs_sum, 0) - coalesce(rhs_sum, 0) end as difference,
        tolerance,
        lhs_terms,
        rhs_terms,
        lhs_filled,
        rhs_filled,
        lhs_nonzero,
        rhs_nonzero,
        missing_total_cells,
        unreadable_cells
    from statused
)

select * from final
