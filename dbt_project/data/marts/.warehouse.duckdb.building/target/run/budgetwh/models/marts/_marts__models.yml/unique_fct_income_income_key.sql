
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

select
    income_key as unique_field,
    count(*) as n_records

from "warehouse"."main"."fct_income"
where income_key is not null
group by income_key
having count(*) > 1



  
  
      
    ) dbt_internal_test