{#- One row per report (is_report): the template version of each table and the resolved region.
    A table's version comes from the per-table detection (table_templates) when the parser recorded
    one, else from the document's template; only versions declared in seeds/template_versions.csv
    count, so 'mixed' or 'unknown' never reach the facts. -#}

-- a table: one row per report, read by every fact, dimension and rule model
{{ config(materialized='table') }}

with documents as (
    select * from {{ ref('stg_raw__documents') }}
),

template_versions as (
    select * from {{ ref('template_versions') }}
),

lifecycle as (
    select * from {{ ref('stg_raw__document_lifecycle') }}
),

-- current versions only, unless the build is asked for every version (dbt var include_superseded)
reports as (
    select
        documents.*,
        lifecycle.lifecycle_status,
        lifecycle.is_current
    from documents
    inner join lifecycle
        on documents.document_id = lifecycle.document_id
    where documents.is_report
        {% if not var('include_superseded', false) %}and lifecycle.is_current{% endif %}
),

declared_versions as (
    select template_version from template_versions
),

table_versions as (
    select
        document_id,
        coalesce(json_extract_string(table_templates, '$.t2'), template_version) as t2_candidate,
        coalesce(json_extract_string(table_templates, '$.t3'), template_version) as t3_candidate,
        coalesce(json_extract_string(table_templates, '$.t4'), template_version) as t4_candidate
    from reports
),

resolved_versions as (
    select
        table_versions.document_id,
        t2_declared.template_version as t2_template_version,
        t3_declared.template_version as t3_template_version,
        -- table 四 is identical in every version: fall back to any known table's version
        coalesce(
            t4_declared.template_version, t3_declared.template_version, t2_declared.template_version
        ) as t4_template_version
    from table_versions
    left join declared_versions as t2_declared
        on table_versions.t2_candidate = t2_declared.template_version
    left join declared_versions as t3_declared
        on table_versions.t3_candidate = t3_declared.template_version
    left join declared_versions as t4_declared
        on table_versions.t4_candidate = t4_declared.template_version
),

final as (
    select
        reports.document_id,
        reports.report_year,
        reports.template_version,
        resolved_versions.t2_template_version,
        resolved_versions.t3_template_version,
        resolved_versions.t4_template_version,
        reports.agency_name,
        reports.agency_aliases,
        reports.agency_name_inferred,
        reports.agency_level,
        -- region: levels the text supports first, the gazetteer's inference for the gaps
        coalesce(reports.region_province, reports.region_inferred_province) as province,
        coalesce(reports.region_city, reports.region_inferred_city) as city,
        coalesce(reports.region_county, reports.region_inferred_county) as county,
        reports.region_township as township,
        case
            when reports.region_province is not null then 'text'
            when reports.region_inferred_province is not null then 'gazetteer'
        end as province_source,
        case
            when reports.region_city is not null then 'text'
            when reports.region_inferred_city is not null then 'gazetteer'
        end as city_source,
        case
            when reports.region_county is not null then 'text'
            when reports.region_inferred_county is not null then 'gazetteer'
        end as county_source,
        reports.region_inferred_province,
        reports.region_inferred_city,
        reports.region_inferred_county,
        reports.region_inferred_code,
        reports.parse_status,
        reports.lifecycle_status,
        reports.is_current,
        reports.ingested_at
    from reports
    inner join resolved_versions
        on reports.document_id = resolved_versions.document_id
)

select * from final
