
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

select
    expenditure_key as unique_field,
    count(*) as n_records

from "warehouse"."main"."fct_expenditure"
where expenditure_key is not null
group by expenditure_key
having count(*) > 1



  
  
      
    ) dbt_internal_test