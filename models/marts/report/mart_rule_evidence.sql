{#- 勾稽关系证据 (rule evidence): one row per broken rule instance × cell it reads, so a failing rule can
    be shown next to the printed cells behind it: value, raw text, line (and page where the reader
    records one), whether the cell was itself recovered by the template's arithmetic (is_rule_resolved:
    such a cell is no independent evidence for the rule) and the source file. Instances: balance rules
    A1–A6 that failed or are incomplete, and
    carry-over rule X1 that failed (its cells come from two reports: this year's 上年结转 and last year's
    结转下年度). The terms of each instance come from seed template_rule_terms, as in
    int_checks__balance_instances, so the cells listed are exactly the cells the rule summed. -#}
with check_results as (
    select * from {{ ref('fct_check_results') }}
),

rules as (
    select * from {{ ref('template_rules') }}
),

rule_terms as (
    select * from {{ ref('template_rule_terms') }}
),

applications as (
    select * from {{ ref('fct_applications') }}
),

review_litigation as (
    select * from {{ ref('fct_review_litigation') }}
),

outcomes as (
    select * from {{ ref('dim_outcome') }}
),

applicant_types as (
    select * from {{ ref('dim_applicant_type') }}
),

review_litigation_members as (
    select * from {{ ref('dim_review_litigation') }}
),

documents as (
    select * from {{ ref('dim_document') }}
),

broken as (
    select *
    from check_results
    where (rule_group = 'balance' and check_status in ('fail', 'incomplete'))
        or (rule_id = 'X1' and check_status = 'fail')
),

-- the cell each term of a balance instance reads: t3.<row>.<col>, or t4.<col> (same rule as the check)
balance_terms as (
    select
        broken.document_id,
        broken.rule_id,
        broken.scope_key,
        broken.related_document_id,
        rule_terms.side,
        row_number() over (
            partition by broken.document_id, broken.rule_id, broken.scope_key
            order by rule_terms.side, rule_terms.term_key
        ) as term_order,
        broken.document_id as cell_document_id,
        case broken.scope_kind
            when 'column' then rules.table_id || '.' || rule_terms.term_key || '.' || broken.scope_key
            when 'row' then rules.table_id || '.' || broken.scope_key || '.' || rule_terms.term_key
            else rules.table_id || '.' || rule_terms.term_key
        end as cell_key
    from broken
    inner join rules
        on broken.rule_id = rules.rule_id
    inner join rule_terms
        on broken.rule_id = rule_terms.rule_id
        and broken.template_version = rule_terms.template_version
    where broken.rule_group = 'balance'
),

-- X1: this year's carried-over cell against last year's carried-forward cell of the same column
carry_over_terms as (
    select
        document_id,
        rule_id,
        scope_key,
        related_document_id,
        'lhs' as side,
        1 as term_order,
        document_id as cell_document_id,
        't3.carried_over.' || scope_key as cell_key
    from broken
    where rule_id = 'X1'
    union all
    select
        document_id,
        rule_id,
        scope_key,
        related_document_id,
        'rhs' as side,
        2 as term_order,
        related_document_id as cell_document_id,
        't3.carried_forward.' || scope_key as cell_key
    from broken
    where rule_id = 'X1'
),

terms as (
    select * from balance_terms
    union all
    select * from carry_over_terms
),

cells as (
    select
        applications.document_id,
        applications.cell_key,
        outcomes.outcome_zh || ' / ' || applicant_types.applicant_type_zh as cell_label_zh,
        outcomes.outcome_en || ' / ' || applicant_types.applicant_type_en as cell_label_en,
        applications.value,
        applications.raw_text,
        applications.cell_flags,
        applications.is_blank,
        applications.is_missing_cell,
        applications.line_number,
        applications.is_rule_resolved,
        {{ column_or_null(ref('fct_applications'), 'applications', ['page_number', 'page'], 'integer', 'page') }}
    from applications
    inner join outcomes
        on applications.outcome_key = outcomes.outcome_key
    inner join applicant_types
        on applications.applicant_type_key = applicant_types.applicant_type_key
    where applications.document_id in (select cell_document_id from terms)
    union all
    select
        review_litigation.document_id,
        review_litigation.cell_key,
        review_litigation_members.path_zh as cell_label_zh,
        review_litigation_members.proceeding_en || ' / ' || review_litigation_members.result_en as cell_label_en,
        review_litigation.value,
        review_litigation.raw_text,
        review_litigation.cell_flags,
        review_litigation.is_blank,
        review_litigation.is_missing_cell,
        review_litigation.line_number,
        review_litigation.is_rule_resolved,
        {{ column_or_null(ref('fct_review_litigation'), 'review_litigation', ['page_number', 'page'], 'integer', 'page') }}
    from review_litigation
    inner join review_litigation_members
        on review_litigation.review_litigation_key = review_litigation_members.review_litigation_key
    where review_litigation.document_id in (select cell_document_id from terms)
),

final as (
    select
        broken.document_id,
        broken.rule_id,
        broken.scope_kind,
        broken.scope_key,
        broken.related_document_id,
        broken.check_status,
        broken.severity,
        rules.description_zh as rule_description_zh,
        rules.description_en as rule_description_en,
        broken.observed,
        broken.expected,
        broken.difference,
        broken.message,
        broken.verification,
        terms.side,
        terms.term_order,
        terms.cell_document_id,
        terms.cell_key,
        cells.cell_label_zh,
        cells.cell_label_en,
        cells.value,
        cells.raw_text,
        cells.cell_flags,
        cells.is_blank,
        coalesce(cells.is_missing_cell, true) as is_missing_cell,
        cells.line_number,
        cells.page,
        coalesce(cells.is_rule_resolved, false) as is_rule_resolved,
        documents.source_file,
        documents.source_path
    from broken
    inner join rules
        on broken.rule_id = rules.rule_id
    inner join terms
        on broken.document_id = terms.document_id
        and broken.rule_id = terms.rule_id
        and broken.scope_key = terms.scope_key
        and broken.related_document_id is not distinct from terms.related_document_id
    left join cells
        on terms.cell_document_id = cells.document_id
        and terms.cell_key = cells.cell_key
    left join documents
        on terms.cell_document_id = documents.document_id
)

select * from final
