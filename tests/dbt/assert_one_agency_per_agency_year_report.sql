-- Every report belongs to exactly one agency, and every report of an agency-year is counted in the
-- mart (report_count); the mart has one row per agency-year that has a report year.
with reports as (
    select * from {{ ref('dim_document') }}
    where is_report and report_year is not null
),

per_agency_year as (
    select
        agency_key,
        report_year,
        count(*) as n_reports
    from reports
    group by agency_key, report_year
),

mart as (
    select * from {{ ref('mart_agency_year') }}
),

final as (
    select
        per_agency_year.agency_key,
        per_agency_year.report_year,
        per_agency_year.n_reports,
        mart.report_count
    from per_agency_year
    full outer join mart
        on per_agency_year.agency_key = mart.agency_key
        and per_agency_year.report_year = mart.report_year
    where mart.report_count is distinct from per_agency_year.n_reports
)

select * from final
