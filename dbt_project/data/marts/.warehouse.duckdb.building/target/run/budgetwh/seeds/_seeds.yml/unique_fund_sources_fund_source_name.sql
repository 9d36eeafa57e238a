
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

select
    fund_source_name as unique_field,
    count(*) as n_records

from "warehouse"."main"."fund_sources"
where fund_source_name is not null
group by fund_source_name
having count(*) > 1



  
  
      
    ) dbt_internal_test