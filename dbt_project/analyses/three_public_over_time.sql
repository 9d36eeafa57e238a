-- “三公”经费 over time: for every department with documents from more than one year, the
-- total and each item by budget year, with the prior-year amount the document prints beside
-- the budget the previous document set (a difference is a revision or a gap in years).
with over_time as (

    select * from {{ ref('rpt_three_public_over_time') }}

),

departments_with_history as (

    select department_name_normalised
    from over_time
    group by department_name_normalised
    having count(distinct budget_year) > 1

),

final as (

    select over_time.*
    from over_time
    inner join departments_with_history
        on departments_with_history.department_name_normalised
            = over_time.department_name_normalised

)

select * from final
order by department_name_normalised, item, budget_year
