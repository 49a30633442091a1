-- The wide mart agrees with the star: new received, results total and the review total of each
-- agency-year equal the 总计 cells of its primary report in the facts (null when blank).
with mart as (
    select * from {{ ref('mart_agency_year') }}
),

applications as (
    select
        document_id,
        max(value) filter (where outcome_key = 'new_received' and applicant_type_key = 'total') as new_received,
        max(value) filter (where outcome_key = 'results_total' and applicant_type_key = 'total') as results_total
    from {{ ref('fct_applications') }}
    group by document_id
),

reviews as (
    select
        document_id,
        max(value) filter (where review_litigation_key = 'review_total') as review_total
    from {{ ref('fct_review_litigation') }}
    group by document_id
),

final as (
    select
        mart.agency_key,
        mart.report_year,
        mart.document_id
    from mart
    left join applications
        on mart.document_id = applications.document_id
    left join reviews
        on mart.document_id = reviews.document_id
    where mart.new_received is distinct from applications.new_received
        or mart.results_total is distinct from applications.results_total
        or mart.review_total is distinct from reviews.review_total
)

select * from final
