{#- The region hierarchy 省 province → 市 city → 县/区 county → 乡镇/街道 township: one row per node on
    the path of any agency's region (each path and all its coarser prefixes), with its parent node.
    A level the reports never give stays null in the path (e.g. a county whose province is unknown). -#}
with agencies as (
    select distinct
        province,
        city,
        county,
        township
    from {{ ref('int_agencies_identified') }}
),

nodes as (
    select province, null as city, null as county, null as township, 'province' as region_level, 1 as level_depth
    from agencies
    where province is not null
    union
    select province, city, null, null, 'city', 2
    from agencies
    where city is not null
    union
    select province, city, county, null, 'county', 3
    from agencies
    where county is not null
    union
    select province, city, county, township, 'township', 4
    from agencies
    where township is not null
),

with_parents as (
    select
        *,
        case region_level
            when 'province' then province
            when 'city' then city
            when 'county' then county
            else township
        end as region_name,
        -- the parent is the nearest coarser level the path names
        case
            when level_depth >= 4 and county is not null then 3
            when level_depth >= 3 and city is not null then 2
            when level_depth >= 2 and province is not null then 1
        end as parent_depth
    from nodes
),

final as (
    select
        md5(concat_ws('|', coalesce(province, ''), coalesce(city, ''), coalesce(county, ''), coalesce(township, '')))
            as region_key,
        region_level,
        level_depth,
        region_name,
        province,
        city,
        county,
        township,
        case
            when parent_depth is not null then md5(concat_ws(
                '|',
                coalesce(province, ''),
                case when parent_depth >= 2 then coalesce(city, '') else '' end,
                case when parent_depth >= 3 then coalesce(county, '') else '' end,
                ''
            ))
        end as parent_region_key,
        concat_ws('/', province, city, county, township) as region_path
    from with_parents
)

select * from final
