
    
    

select
    budget_year as unique_field,
    count(*) as n_records

from "warehouse"."main"."dim_year"
where budget_year is not null
group by budget_year
having count(*) > 1


