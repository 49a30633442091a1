{#- The cross-template mapping of table 三's data rows (办理结果 items), from
    seeds/template_comparability.csv: one row per template version × data row, with the key under
    which rows of both templates can be added up. A key present as a data row in every template is
    'identical'; v2019 （六）其他处理 equals the sum of the three v2021 其他处理 sub-rows
    ('comparable_as_sum'), so all four map to other_handling. -#}
with t3_rows as (
    select * from {{ ref('template_t3_rows') }}
),

comparability as (
    select * from {{ ref('template_comparability') }}
    where table_id = 't3'
),

data_rows as (
    select
        template_version,
        row_key
    from t3_rows
    where is_data_row
),

template_count as (
    select count(distinct template_version) as n_templates
    from t3_rows
),

data_row_versions as (
    select
        row_key,
        count(distinct template_version) as n_templates
    from data_rows
    group by row_key
),

-- the seed writes the v2021 side as a sum of row keys, 'a+b+c'
v2021_components as (
    select
        'v2021' as template_version,
        unnest(string_split(v2021_key, '+')) as outcome_key,
        v2019_key as harmonised_outcome_key,
        comparability,
        note_zh,
        note_en
    from comparability
),

v2019_components as (
    select
        'v2019' as template_version,
        v2019_key as outcome_key,
        v2019_key as harmonised_outcome_key,
        comparability,
        note_zh,
        note_en
    from comparability
),

mapped as (
    select * from v2021_components
    union all
    select * from v2019_components
),

final as (
    select
        data_rows.template_version,
        data_rows.row_key as outcome_key,
        case
            when mapped.outcome_key is not null then mapped.harmonised_outcome_key
            when data_row_versions.n_templates = template_count.n_templates then data_rows.row_key
        end as harmonised_outcome_key,
        case
            when mapped.outcome_key is not null then mapped.comparability
            when data_row_versions.n_templates = template_count.n_templates then 'identical'
            else 'no_counterpart'
        end as comparability,
        mapped.note_zh as comparability_note_zh,
        mapped.note_en as comparability_note_en
    from data_rows
    cross join template_count
    inner join data_row_versions
        on data_rows.row_key = data_row_versions.row_key
    left join mapped
        on data_rows.template_version = mapped.template_version
        and data_rows.row_key = mapped.outcome_key
)

select * from final
