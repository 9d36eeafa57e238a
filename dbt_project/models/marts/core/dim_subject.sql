-- One row per classification subject (科目): 支出功能分类 (function) and 支出经济分类 (economic)
-- codes from the reference seeds, plus codes that documents print but the seeds lack, plus
-- an unknown member. The name is the latest one the code carried; all names are in aliases.
with function_subjects as (

    select 'function' as subject_system, * from {{ ref('function_subjects') }}

),

economic_subjects as (

    select 'economic' as subject_system, * from {{ ref('economic_subjects') }}

),

seeded as (

    select * from function_subjects
    union all
    select * from economic_subjects

),

named as (

    select
        subject_system,
        subject_code,
        arg_max(subject_name, coalesce(valid_to_year, 9999)) as subject_name,
        list_sort(list(distinct subject_name)) as subject_name_aliases,
        'seed' as subject_origin
    from seeded
    group by subject_system, subject_code

),

printed as (

    select
        subject_system,
        subject_code,
        arg_min(item_name, row_index) as subject_name,
        list_sort(list(distinct item_name)) as subject_name_aliases,
        'document' as subject_origin
    from {{ ref('stg_budget__line_items') }} as line_items
    where subject_system is not null
        and subject_code is not null
        and not is_total
        and not exists (
            select 1
            from named
            where named.subject_system = line_items.subject_system
                and named.subject_code = line_items.subject_code
        )
    group by subject_system, subject_code

),

all_subjects as (

    select * from named
    union all
    select * from printed

),

final as (

    select
        subject_system || ':' || subject_code as subject_key,
        subject_system,
        subject_code,
        subject_name,
        case length(subject_code) when 3 then '类' when 5 then '款' when 7 then '项' end
            as subject_level,
        case when length(subject_code) > 3 then subject_code[1:3] end as class_code,
        case when length(subject_code) > 5 then subject_code[1:5] end as section_code,
        case length(subject_code)
            when 5 then subject_code[1:3]
            when 7 then subject_code[1:5]
        end as parent_code,
        subject_name_aliases,
        subject_origin
    from all_subjects
    union all
    select
        'unknown', 'unknown', null, '(未识别科目)', null, null, null, null, [], 'unknown'

)

select * from final
