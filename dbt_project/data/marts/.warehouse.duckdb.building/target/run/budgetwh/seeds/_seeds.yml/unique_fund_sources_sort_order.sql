
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

select
    sort_order as unique_field,
    count(*) as n_records

from "warehouse"."main"."fund_sources"
where sort_order is not null
group by sort_order
having count(*) > 1



  
  
      
    ) dbt_internal_test