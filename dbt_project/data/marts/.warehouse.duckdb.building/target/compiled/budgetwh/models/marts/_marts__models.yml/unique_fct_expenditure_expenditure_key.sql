
    
    

select
    expenditure_key as unique_field,
    count(*) as n_records

from "warehouse"."main"."fct_expenditure"
where expenditure_key is not null
group by expenditure_key
having count(*) > 1


