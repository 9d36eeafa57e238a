
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

select
    check_id as unique_field,
    count(*) as n_records

from "warehouse"."main"."reconciliation_checks"
where check_id is not null
group by check_id
having count(*) > 1



  
  
      
    ) dbt_internal_test