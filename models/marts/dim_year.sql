{#- 报告年度 report year: every year from the first template year to the later of this year and the
    latest report, plus any other year a report claims, with the template intended for it
    (seeds/template_versions.csv: v2019 for 2019–2020, v2021 from 2021). -#}
with template_versions as (
    select * from {{ ref('template_versions') }}
),

documents as (
    select * from {{ ref('stg_raw__documents') }}
),

bounds as (
    select
        (select min(intended_first_year) from template_versions) as first_year,
        greatest(
            year(current_date),
            coalesce((select max(report_year) from documents), 0)
        ) as last_year
),

calendar_years as (
    select unnest(range(first_year, last_year + 1)) as report_year
    from bounds
),

report_years as (
    select distinct report_year
    from documents
    where report_year is not null
),

all_years as (
    select cast(report_year as integer) as report_year from calendar_years
    union
    select cast(report_year as integer) from report_years
),

final as (
    select
        all_years.report_year,
        template_versions.template_version as intended_template_version,
        template_versions.name_zh as template_name_zh,
        template_versions.issuing_document as template_issuing_document,
        all_years.report_year >= (select min(intended_first_year) from template_versions) as is_template_era
    from all_years
    left join template_versions
        on all_years.report_year >= template_versions.intended_first_year
        and all_years.report_year <= coalesce(template_versions.intended_last_year, 9999)
)

select * from final
