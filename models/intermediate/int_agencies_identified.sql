{#- Agency identity across years: one row per report with the agency it belongs to.

    Two reports are the same agency when they share a normalised name (at least one side of the match
    being a canonical or inferred name, never alias against alias: short aliases such as 安定区 or 教育局
    recur across regions), their regions do not contradict each other at any level, and their agency
    levels agree where both are known. A name that reports place in different regions (桥西区人民政府 in
    石家庄市 and in 张家口市) is ambiguous at those levels: it only matches reports that name the same
    region at every ambiguous level, so a report that omits the city cannot bridge the two. Identity is
    the transitive closure of the matches, so 定西市安定区人民政府 (2024) and 安定区人民政府 (2023) form
    one agency.

    The agency's name is the name most reports give as canonical (then the latest, then the longest); its
    level and each region level are the latest non-null ones. agency_key hashes that name, level and
    region, so it is the same in every year and across rebuilds of the same reports. -#}

-- a table: one row per report, read by every fact, dimension and rule model
{{ config(materialized='table') }}

{#- A table, not a view: the closure is computed once and read by every fact, dimension and check. -#}
{{ config(materialized='table') }}

with recursive names as (
    select * from {{ ref('int_agency_names_unnested') }}
),

reports as (
    select distinct
        document_id,
        report_year,
        agency_level,
        province,
        city,
        county,
        township
    from names
),

matchable_names as (
    select
        document_id,
        name_kind,
        agency_name_normalised
    from names
    where agency_name_normalised is not null
),

-- levels at which a name is ambiguous: its reports name more than one region there
name_ambiguity as (
    select
        matchable_names.agency_name_normalised,
        count(distinct reports.province) > 1 as is_ambiguous_province,
        count(distinct reports.city) > 1 as is_ambiguous_city,
        count(distinct reports.county) > 1 as is_ambiguous_county,
        count(distinct reports.township) > 1 as is_ambiguous_township
    from matchable_names
    inner join reports
        on matchable_names.document_id = reports.document_id
    group by matchable_names.agency_name_normalised
),

matches as (
    select distinct
        left_name.document_id as from_document_id,
        right_name.document_id as to_document_id
    from matchable_names as left_name
    inner join matchable_names as right_name
        on left_name.agency_name_normalised = right_name.agency_name_normalised
        and left_name.document_id <> right_name.document_id
    inner join reports as left_report
        on left_name.document_id = left_report.document_id
    inner join reports as right_report
        on right_name.document_id = right_report.document_id
    inner join name_ambiguity
        on left_name.agency_name_normalised = name_ambiguity.agency_name_normalised
    where
        (left_name.name_kind <> 'alias' or right_name.name_kind <> 'alias')
        and (left_report.province is null or right_report.province is null or left_report.province = right_report.province)
        and (left_report.city is null or right_report.city is null or left_report.city = right_report.city)
        and (left_report.county is null or right_report.county is null or left_report.county = right_report.county)
        and (left_report.township is null or right_report.township is null or left_report.township = right_report.township)
        and (not name_ambiguity.is_ambiguous_province or left_report.province = right_report.province)
        and (not name_ambiguity.is_ambiguous_city or left_report.city = right_report.city)
        and (not name_ambiguity.is_ambiguous_county or left_report.county = right_report.county)
        and (not name_ambiguity.is_ambiguous_township or left_report.township = right_report.township)
        and (
            left_report.agency_level is null
            or right_report.agency_level is null
            or left_report.agency_level = right_report.agency_level
        )
),

reachable(document_id, reached_document_id) as (
    select
        document_id,
        document_id
    from reports
    union
    select
        reachable.document_id,
        matches.to_document_id
    from reachable
    inner join matches
        on reachable.reached_document_id = matches.from_document_id
),

components as (
    select
        document_id,
        min(reached_document_id) as agency_anchor_document_id
    from reachable
    group by document_id
),

name_candidates as (
    select
        components.agency_anchor_document_id,
        names.agency_name_normalised,
        min(names.agency_name_variant) as agency_name_variant,
        min(case names.name_kind when 'canonical' then 1 when 'inferred' then 2 else 3 end) as name_priority,
        count(distinct names.document_id) filter (where names.name_kind = 'canonical') as n_canonical_reports,
        max(names.report_year) as last_report_year
    from names
    inner join components
        on names.document_id = components.document_id
    where names.agency_name_normalised is not null
    group by components.agency_anchor_document_id, names.agency_name_normalised
),

chosen_names as (
    select
        agency_anchor_document_id,
        agency_name_variant as agency_name,
        agency_name_normalised
    from name_candidates
    qualify row_number() over (
        partition by agency_anchor_document_id
        order by
            name_priority,
            n_canonical_reports desc,
            last_report_year desc nulls last,
            length(agency_name_normalised) desc,
            agency_name_normalised
    ) = 1
),

agency_attributes as (
    select
        components.agency_anchor_document_id,
        arg_max(reports.agency_level, (coalesce(reports.report_year, 0), reports.document_id))
            filter (where reports.agency_level is not null) as agency_level,
        arg_max(reports.province, (coalesce(reports.report_year, 0), reports.document_id))
            filter (where reports.province is not null) as province,
        arg_max(reports.city, (coalesce(reports.report_year, 0), reports.document_id))
            filter (where reports.city is not null) as city,
        arg_max(reports.county, (coalesce(reports.report_year, 0), reports.document_id))
            filter (where reports.county is not null) as county,
        arg_max(reports.township, (coalesce(reports.report_year, 0), reports.document_id))
            filter (where reports.township is not null) as township
    from reports
    inner join components
        on reports.document_id = components.document_id
    group by components.agency_anchor_document_id
),

agencies as (
    select
        agency_attributes.agency_anchor_document_id,
        case
            when chosen_names.agency_name_normalised is null
                then md5('unidentified|' || agency_attributes.agency_anchor_document_id)
            else md5(concat_ws(
                '|',
                chosen_names.agency_name_normalised,
                coalesce(agency_attributes.agency_level, ''),
                coalesce(agency_attributes.province, ''),
                coalesce(agency_attributes.city, ''),
                coalesce(agency_attributes.county, ''),
                coalesce(agency_attributes.township, '')
            ))
        end as agency_key,
        chosen_names.agency_name,
        agency_attributes.agency_level,
        agency_attributes.province,
        agency_attributes.city,
        agency_attributes.county,
        agency_attributes.township
    from agency_attributes
    left join chosen_names
        on agency_attributes.agency_anchor_document_id = chosen_names.agency_anchor_document_id
),

final as (
    select
        reports.document_id,
        agencies.agency_key,
        reports.report_year,
        agencies.agency_anchor_document_id,
        agencies.agency_name,
        agencies.agency_level,
        agencies.province,
        agencies.city,
        agencies.county,
        agencies.township
    from reports
    inner join components
        on reports.document_id = components.document_id
    inner join agencies
        on components.agency_anchor_document_id = agencies.agency_anchor_document_id
)

select * from final
