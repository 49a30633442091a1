{#- 报告正文 (report sections): one row per report × section of the six-section template, with its text,
    so narrative questions (what a report says, how much it repeats last year's) are SQL over the marts.
    A view over the landed sections: the text is already stored once in raw.sections. -#}
{{ config(materialized='view') }}

with sections as (
    select * from {{ ref('stg_raw__sections') }}
),

agency_reports as (
    select * from {{ ref('int_agencies_identified') }}
),

template_sections as (
    select * from {{ ref('template_sections') }}
),

final as (
    select
        sections.document_id,
        sections.section_key,
        agency_reports.agency_key,
        agency_reports.report_year,
        template_sections.section_order,
        template_sections.heading_zh as section_zh,
        template_sections.heading_en as section_en,
        sections.heading as heading_as_printed,
        sections.line_start,
        sections.line_end,
        sections.section_text,
        sections.text_length
    from sections
    inner join agency_reports
        on sections.document_id = agency_reports.document_id
    left join template_sections
        on sections.section_key = template_sections.section_key
)

select * from final
