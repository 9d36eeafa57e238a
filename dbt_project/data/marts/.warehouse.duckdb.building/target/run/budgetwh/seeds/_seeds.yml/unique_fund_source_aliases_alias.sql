
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

select
    alias as unique_field,
    count(*) as n_records

from "warehouse"."main"."fund_source_aliases"
where alias is not null
group by alias
having count(*) > 1



  
  
      
    ) dbt_internal_test