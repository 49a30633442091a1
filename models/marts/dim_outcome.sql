{#- 办理结果 outcome: one row per row of table 三 in any template (data rows and the group rows
    三、本年度办理结果, （三）不予公开, （四）无法提供, （五）不予处理, （六）其他处理), with its place in the
    hierarchy, its stage and category, the templates that have it and its cross-template mapping.
    Labels come from seeds/template_t3_rows.csv (identical in both templates); attributes are those of
    the latest template that has the row. -#}
with t3_rows as (
    select * from {{ ref('template_t3_rows') }}
),

template_versions as (
    select * from {{ ref('template_versions') }}
),

harmonised as (
    select * from {{ ref('int_outcomes_harmonised') }}
),

rows_with_recency as (
    select
        t3_rows.*,
        template_versions.intended_first_year
    from t3_rows
    inner join template_versions
        on t3_rows.template_version = template_versions.template_version
),

latest_rows as (
    select * from rows_with_recency
    qualify row_number() over (partition by row_key order by intended_first_year desc) = 1
),

versions_per_row as (
    select
        row_key,
        list_sort(list(template_version)) as template_versions,
        list_sort(list(template_version) filter (where is_data_row)) as data_row_template_versions
    from t3_rows
    group by row_key
),

-- a stage is named after its first row: 一、本年新收…, 二、上年结转…, 三、本年度办理结果, （七）总计, 四、结转下年度…
stage_labels as (
    select
        stage,
        arg_min(label_zh, row_order) as stage_zh,
        arg_min(label_en, row_order) as stage_en,
        min(row_order) as stage_order
    from latest_rows
    group by stage
),

harmonised_per_row as (
    select
        outcome_key,
        max(harmonised_outcome_key) as harmonised_outcome_key,
        max(comparability) as comparability,
        max(comparability_note_en) as comparability_note_en
    from harmonised
    group by outcome_key
),

final as (
    select
        latest_rows.row_key as outcome_key,
        latest_rows.label_zh as outcome_zh,
        latest_rows.label_en as outcome_en,
        latest_rows.level as hierarchy_level,
        nullif(latest_rows.parent_key, '') as parent_outcome_key,
        parent_rows.label_zh as parent_outcome_zh,
        latest_rows.stage,
        stage_labels.stage_zh,
        stage_labels.stage_en,
        nullif(latest_rows.category_key, '') as category_key,
        nullif(latest_rows.category_zh, '') as category_zh,
        nullif(latest_rows.category_en, '') as category_en,
        latest_rows.is_data_row,
        latest_rows.is_result_leaf,
        versions_per_row.template_versions,
        versions_per_row.data_row_template_versions,
        list_contains(versions_per_row.data_row_template_versions, 'v2019') as is_data_row_in_v2019,
        list_contains(versions_per_row.data_row_template_versions, 'v2021') as is_data_row_in_v2021,
        harmonised_per_row.harmonised_outcome_key,
        harmonised_per_row.comparability,
        harmonised_per_row.comparability_note_en,
        latest_rows.row_order as sort_order
    from latest_rows
    inner join versions_per_row
        on latest_rows.row_key = versions_per_row.row_key
    inner join stage_labels
        on latest_rows.stage = stage_labels.stage
    left join latest_rows as parent_rows
        on latest_rows.parent_key = parent_rows.row_key
    left join harmonised_per_row
        on latest_rows.row_key = harmonised_per_row.outcome_key
)

select * from final
