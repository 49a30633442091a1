{#- 行政区划 region: province → city → county → township, one row per node on the path of any
    agency's region, with the parent node and the administrative division code (行政区划代码, GB/T 2260
    adcode) where the gazetteer (cpca, region_inferred_code) provides one for a report: the code
    belongs to the report's resolved path (text levels, gazetteer for the gaps), so the county node
    gets the 6-digit code and its city (xxxx00) and province (xx0000) nodes the codes derived from it.
    Townships have no code; where reports disagree the most frequent code wins. -#}
with regions as (
    select * from {{ ref('int_regions_expanded') }}
),

reports as (
    select * from {{ ref('int_reports_versioned') }}
),

gazetteer_codes as (
    select
        province,
        city,
        county,
        region_inferred_code as code
    from reports
    where regexp_full_match(region_inferred_code, '[0-9]{6}')
),

code_candidates as (
    select 'province' as region_level, province, null as city, null as county, left(code, 2) || '0000' as adcode
    from gazetteer_codes
    where province is not null
    union all
    select 'city', province, city, null, left(code, 4) || '00'
    from gazetteer_codes
    where city is not null and substr(code, 3, 2) <> '00'
    union all
    select 'county', province, city, county, code
    from gazetteer_codes
    where county is not null and right(code, 2) <> '00'
),

codes as (
    select
        region_level,
        province,
        city,
        county,
        mode(adcode) as adcode
    from code_candidates
    group by region_level, province, city, county
),

final as (
    select
        regions.region_key,
        regions.region_level,
        regions.region_name,
        regions.province,
        regions.city,
        regions.county,
        regions.township,
        regions.region_path,
        codes.adcode,
        regions.parent_region_key,
        regions.level_depth
    from regions
    left join codes
        on regions.region_level = codes.region_level
        and regions.province is not distinct from codes.province
        and regions.city is not distinct from codes.city
        and regions.county is not distinct from codes.county
)

select * from final
