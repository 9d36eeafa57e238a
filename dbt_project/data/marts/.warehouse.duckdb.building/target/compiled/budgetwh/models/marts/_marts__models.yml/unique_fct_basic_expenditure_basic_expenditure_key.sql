
    
    

select
    basic_expenditure_key as unique_field,
    count(*) as n_records

from "warehouse"."main"."fct_basic_expenditure"
where basic_expenditure_key is not null
group by basic_expenditure_key
having count(*) > 1


