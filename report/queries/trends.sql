-- The trends page: by year, nationally and per agency level, province and city, from each agency's
-- primary report of the year (mart_agency_year: one row per agency and year, mirrors not counted twice).
-- geo_kind/geo_key name the slice: all; level (agency_level); province; city ("province/city").

-- name: geo_slice
-- the two columns every query below selects first: which grouping set a row is of
    case
        when grouping(agency_level) = 0 then 'level'
        when grouping(city) = 0 then 'city'
        when grouping(province) = 0 then 'province'
        else 'all'
    end as geo_kind,
    case
        when grouping(agency_level) = 0 then coalesce(agency_level, '?')
        when grouping(city) = 0 then coalesce(province, '?') || '/' || coalesce(city, '?')
        when grouping(province) = 0 then coalesce(province, '?')
        else ''
    end as geo_key

-- name: measures
-- rates are over the agency-years that report both the numerator and the denominator
select
    {{part:geo_slice}},
    report_year,
    count(*) as agency_years,
    count(new_received) as reporting_new_received,
    sum(new_received) as new_received,
    sum(results_total) as results_total,
    sum(granted) as granted,
    sum(partially_granted) as partially_granted,
    sum(denied) as denied,
    sum(unable) as unable,
    sum(not_processed) as not_processed,
    sum(other_handling) as other_handling,
    sum(review_total) as review_total,
    sum(review_corrected) as review_corrected,
    sum(litigation_total) as litigation_total,
    sum(litigation_corrected) as litigation_corrected,
    100 * sum(review_total) filter (where new_received is not null)
        / nullif(sum(new_received) filter (where review_total is not null), 0) as review_per_100,
    100 * sum(litigation_total) filter (where new_received is not null)
        / nullif(sum(new_received) filter (where litigation_total is not null), 0) as litigation_per_100,
    sum(review_corrected) filter (where review_total is not null)
        / nullif(sum(review_total) filter (where review_corrected is not null), 0) as review_correction_rate,
    sum(litigation_corrected) filter (where litigation_total is not null)
        / nullif(sum(litigation_total) filter (where litigation_corrected is not null), 0) as litigation_correction_rate
from marts.mart_agency_year
where report_year is not null
group by grouping sets ((report_year), (report_year, agency_level), (report_year, province), (report_year, province, city))
order by geo_kind, geo_key, report_year

-- name: denied_reasons
-- 不予公开 by reason: table 三's 总计 column, the leaf items under （三）不予公开
with primary_facts as (
    select
        facts.harmonised_outcome_key,
        facts.value,
        agency_years.report_year,
        agency_years.agency_level,
        agency_years.province,
        agency_years.city
    from marts.fct_applications as facts
    inner join marts.mart_agency_year as agency_years
        on facts.document_id = agency_years.document_id
    inner join marts.dim_outcome as outcomes
        on facts.outcome_key = outcomes.outcome_key
    where facts.applicant_type_key = 'total'
        and outcomes.category_key = 'denied'
        and outcomes.is_result_leaf
)

select
    {{part:geo_slice}},
    report_year,
    harmonised_outcome_key,
    sum(value) as applications
from primary_facts
where report_year is not null
group by grouping sets (
    (report_year, harmonised_outcome_key),
    (report_year, harmonised_outcome_key, agency_level),
    (report_year, harmonised_outcome_key, province),
    (report_year, harmonised_outcome_key, province, city)
)
order by geo_kind, geo_key, report_year, harmonised_outcome_key

-- name: disclosure
-- 主动公开 counts by harmonised item (v2019 items without a v2021 counterpart have no key and are left out)
with primary_facts as (
    select
        facts.harmonised_cell_key,
        facts.value,
        agency_years.report_year,
        agency_years.agency_level,
        agency_years.province,
        agency_years.city
    from marts.fct_proactive_disclosure as facts
    inner join marts.mart_agency_year as agency_years
        on facts.document_id = agency_years.document_id
    where facts.harmonised_cell_key is not null
)

select
    {{part:geo_slice}},
    report_year,
    harmonised_cell_key,
    sum(value) as value,
    count(value) as reporting
from primary_facts
where report_year is not null
group by grouping sets (
    (report_year, harmonised_cell_key),
    (report_year, harmonised_cell_key, agency_level),
    (report_year, harmonised_cell_key, province),
    (report_year, harmonised_cell_key, province, city)
)
order by geo_kind, geo_key, report_year, harmonised_cell_key

-- name: disclosure_items
-- one label per harmonised item (the v2021 label) and the comparability notes of both templates
select
    harmonised_cell_key,
    any_value(row_label_zh || ' · ' || measure_zh) filter (where template_version = 'v2021') as label_zh,
    any_value(row_label_en || ' · ' || measure_en) filter (where template_version = 'v2021') as label_en,
    any_value(unit) filter (where template_version = 'v2021') as unit,
    string_agg(distinct comparability, ', ') as comparability,
    string_agg(distinct comparability_note_zh, '；') as note_zh,
    string_agg(distinct comparability_note_en, '; ') as note_en,
    min(sort_order) as sort_order
from marts.dim_disclosure_item
where harmonised_cell_key is not null
group by harmonised_cell_key
order by sort_order

-- name: outcome_labels
select
    harmonised_outcome_key,
    arg_min(outcome_zh, sort_order) as label_zh,
    arg_min(outcome_en, sort_order) as label_en,
    any_value(comparability_note_en) as note_en,
    min(sort_order) as sort_order
from marts.dim_outcome
where harmonised_outcome_key is not null
group by harmonised_outcome_key
order by sort_order
