
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

select
    pattern as unique_field,
    count(*) as n_records

from "warehouse"."main"."three_public_item_patterns"
where pattern is not null
group by pattern
having count(*) > 1



  
  
      
    ) dbt_internal_test