{#- 勾稽关系不符 (balance breaks): one row per report × balance rule × scope that did not pass (fail or
    incomplete), with the agency, the year and the place in the table in words, so "which agencies break
    勾稽关系, and where" is one query. observed is the printed side (the total), expected what its parts
    sum to. Rebuilt after every `ogi check` (dbt build --select fct_check_results+). -#}
with check_results as (
    select * from {{ ref('fct_check_results') }}
),

reports as (
    select * from {{ ref('int_checks__reports') }}
),

agencies as (
    select * from {{ ref('int_agencies_identified') }}
),

rules as (
    select * from {{ ref('template_rules') }}
),

rule_terms as (
    select * from {{ ref('template_rule_terms') }}
),

t3_columns as (
    select * from {{ ref('template_t3_columns') }}
),

t3_rows as (
    select * from {{ ref('template_t3_rows') }}
),

t4_columns as (
    select * from {{ ref('template_t4_columns') }}
),

breaks as (
    select *
    from check_results
    where rule_group = 'balance' and check_status in ('fail', 'incomplete')
),

-- A4–A6 run once over table 四: their place is the proceeding whose total is the rule's left side
t4_proceedings as (
    select distinct
        rule_terms.rule_id,
        t4_columns.proceeding_zh,
        t4_columns.proceeding_en
    from rule_terms
    inner join t4_columns
        on rule_terms.term_key = t4_columns.col_key
    where rule_terms.side = 'lhs'
),

final as (
    select
        breaks.document_id,
        breaks.rule_id,
        breaks.scope_kind,
        breaks.scope_key,
        agencies.agency_key,
        coalesce(agencies.agency_name, reports.agency_name) as agency_name,
        agencies.province,
        agencies.city,
        agencies.county,
        reports.report_year,
        reports.source_file,
        breaks.template_version,
        breaks.severity,
        breaks.check_status,
        rules.description_zh as rule_description_zh,
        rules.description_en as rule_description_en,
        coalesce(t3_columns.label_zh, t3_rows.label_zh, t4_proceedings.proceeding_zh) as scope_label_zh,
        coalesce(t3_columns.label_en, t3_rows.label_en, t4_proceedings.proceeding_en) as scope_label_en,
        breaks.observed,
        breaks.expected,
        breaks.difference,
        breaks.message,
        breaks.verification,
        breaks.run_id,
        breaks.checked_at
    from breaks
    inner join rules
        on breaks.rule_id = rules.rule_id
    left join reports
        on breaks.document_id = reports.document_id
    left join agencies
        on breaks.document_id = agencies.document_id
    left join t3_columns
        on breaks.scope_kind = 'column'
        and breaks.scope_key = t3_columns.col_key
    left join t3_rows
        on breaks.scope_kind = 'row'
        and breaks.template_version = t3_rows.template_version
        and breaks.scope_key = t3_rows.row_key
    left join t4_proceedings
        on breaks.scope_kind = 'none'
        and breaks.rule_id = t4_proceedings.rule_id
)

select * from final
