{#- The reports the rules run on: one row per landed report, with the template each table was read with.
    Kept free of the agency-identity join (a recursive closure), since every rule model reads this one;
    the cross-year model joins int_agencies_identified itself. -#}
with documents as (
    select * from {{ ref('stg_raw__documents') }}
),

lifecycle as (
    select * from {{ ref('stg_raw__document_lifecycle') }}
),

final as (
    select
        document_id,
        template_version,
        coalesce(json_extract_string(table_templates, '$.t2'), template_version) as t2_template_version,
        coalesce(json_extract_string(table_templates, '$.t3'), template_version) as t3_template_version,
        coalesce(json_extract_string(table_templates, '$.t4'), template_version) as t4_template_version,
        coalesce(agency_name, agency_name_inferred) as agency_name,
        report_year,
        publication_date,
        publication_date_precision,
        source_file
    from documents
    where is_report
        {% if not var('include_superseded', false) -%}
        and document_id in (select lifecycle.document_id from lifecycle where lifecycle.is_current)
        {%- endif %}
)

select * from final
