-- Text reuse: the texts to compare (each agency's primary report per year, every section), and the
-- per-section summary of the computed similarities (`reuse`, registered by the build).

-- name: texts
select
    agency_years.agency_key,
    agency_years.report_year,
    agency_years.document_id,
    sections.section_key,
    sections.section_text
from marts.mart_agency_year as agency_years
inner join marts.fct_report_sections as sections
    on agency_years.document_id = sections.document_id

-- name: summary
select
    reuse.section_key,
    any_value(sections.section_zh) as section_zh,
    any_value(sections.section_en) as section_en,
    agency_years.report_year,
    count(*) as pairs,
    count(reuse.similarity) as measured,
    avg(reuse.similarity) as mean_similarity,
    median(reuse.similarity) as median_similarity,
    count(*) filter (where reuse.similarity >= 0.8) as at_least_80,
    count(*) filter (where reuse.similarity >= 0.8) / nullif(count(reuse.similarity), 0) as share_at_least_80
from reuse
inner join marts.mart_agency_year as agency_years
    on reuse.document_id = agency_years.document_id
left join marts.fct_report_sections as sections
    on reuse.document_id = sections.document_id
    and reuse.section_key = sections.section_key
group by reuse.section_key, agency_years.report_year
order by any_value(sections.section_order), reuse.section_key, agency_years.report_year

-- name: all
select
    agency_years.agency_key,
    agency_years.agency_name,
    agency_years.report_year,
    reuse.document_id,
    reuse.previous_document_id,
    reuse.section_key,
    reuse.similarity,
    reuse.shingles,
    reuse.previous_shingles
from reuse
inner join marts.mart_agency_year as agency_years
    on reuse.document_id = agency_years.document_id
order by agency_years.agency_name, agency_years.report_year, reuse.section_key

-- name: top
-- the most repeated sections: similarity >= 0.5, most similar first (the first 20,000; all are in reuse.csv)
select
    'reuse' as list_key,
    reuse.document_id,
    agency_years.agency_key,
    agency_years.agency_name,
    agency_years.report_year,
    reuse.section_key,
    sections.section_zh,
    reuse.similarity,
    reuse.shingles,
    reuse.previous_shingles,
    documents.source_file,
    documents.source_path
from reuse
inner join marts.mart_agency_year as agency_years
    on reuse.document_id = agency_years.document_id
inner join marts.dim_document as documents
    on reuse.document_id = documents.document_id
left join marts.fct_report_sections as sections
    on reuse.document_id = sections.document_id
    and reuse.section_key = sections.section_key
where reuse.similarity >= 0.5
order by reuse.similarity desc, agency_years.agency_name, agency_years.report_year, sections.section_order
limit 20000
