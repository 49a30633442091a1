{#- Every name a report gives its agency, one row per report × distinct normalised name: the canonical
    agency_name, each alias and the gazetteer-inferred name, with the report's year, level and resolved
    region (the evidence int_agencies_identified matches on). A report with no name at all keeps one
    row with a null name, so every report reaches the agency dimension. -#}
with reports as (
    select * from {{ ref('int_reports_versioned') }}
),

canonical_names as (
    select
        document_id,
        'canonical' as name_kind,
        1 as name_priority,
        agency_name as agency_name_variant
    from reports
    where agency_name is not null
),

alias_names as (
    select
        document_id,
        'alias' as name_kind,
        3 as name_priority,
        unnest(agency_aliases) as agency_name_variant
    from reports
),

inferred_names as (
    select
        document_id,
        'inferred' as name_kind,
        2 as name_priority,
        agency_name_inferred as agency_name_variant
    from reports
    where agency_name_inferred is not null
),

unioned as (
    select * from canonical_names
    union all
    select * from alias_names
    union all
    select * from inferred_names
),

normalised as (
    select
        document_id,
        name_kind,
        name_priority,
        trim(agency_name_variant) as agency_name_variant,
        -- whitespace (incl. NBSP, the ideographic space and zero-width marks) removed, full-width brackets folded
        replace(replace(regexp_replace(agency_name_variant, '[\s\x{00a0}\x{3000}\x{200b}\x{feff}]+', '', 'g'), '（', '('), '）', ')')
            as agency_name_normalised
    from unioned
),

strongest_per_name as (
    select *
    from normalised
    where agency_name_normalised <> ''
    qualify row_number() over (
        partition by document_id, agency_name_normalised order by name_priority, agency_name_variant
    ) = 1
),

final as (
    select
        reports.document_id,
        reports.report_year,
        reports.agency_level,
        reports.province,
        reports.city,
        reports.county,
        reports.township,
        strongest_per_name.name_kind,
        strongest_per_name.agency_name_variant,
        strongest_per_name.agency_name_normalised
    from reports
    left join strongest_per_name
        on reports.document_id = strongest_per_name.document_id
)

select * from final
