{#- 机关 agency: one row per agency, stable across years (int_agencies_identified matches the reports of
    one agency by name, alias, region and level), with every other name it used (aliases), its level
    (township 乡镇街道 / county 县区 / city 市 / province 省 / department 部门) and its region. -#}
with agency_reports as (
    select * from {{ ref('int_agencies_identified') }}
),

names as (
    select * from {{ ref('int_agency_names_unnested') }}
),

regions as (
    select * from {{ ref('int_regions_expanded') }}
),

agencies as (
    select
        agency_key,
        any_value(agency_name) as agency_name,
        any_value(agency_level) as agency_level,
        any_value(province) as province,
        any_value(city) as city,
        any_value(county) as county,
        any_value(township) as township,
        min(report_year) as first_report_year,
        max(report_year) as last_report_year,
        count(distinct report_year) as report_year_count,
        count(*) as report_count
    from agency_reports
    group by agency_key
),

aliases as (
    select
        agency_reports.agency_key,
        list_sort(list(distinct names.agency_name_variant)) as name_variants
    from agency_reports
    inner join names
        on agency_reports.document_id = names.document_id
    where names.agency_name_variant is not null
    group by agency_reports.agency_key
),

final as (
    select
        agencies.agency_key,
        regions.region_key,
        agencies.agency_name,
        coalesce(
            list_filter(aliases.name_variants, lambda variant: variant <> agencies.agency_name),
            []
        ) as agency_aliases,
        agencies.agency_level,
        agencies.province,
        agencies.city,
        agencies.county,
        agencies.township,
        agencies.agency_name is not null as is_identified,
        agencies.first_report_year,
        agencies.last_report_year,
        agencies.report_year_count,
        agencies.report_count
    from agencies
    left join aliases
        on agencies.agency_key = aliases.agency_key
    left join regions
        on agencies.province is not distinct from regions.province
        and agencies.city is not distinct from regions.city
        and agencies.county is not distinct from regions.county
        and agencies.township is not distinct from regions.township
)

select * from final
