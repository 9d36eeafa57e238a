
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with all_values as (

    select
        match_method as value_field,
        count(*) as n_records

    from "warehouse"."main"."int_project_links"
    group by match_method

)

select *
from all_values
where value_field not in (
    'exact','normalized','contained','similar','amount'
)



  
  
      
    ) dbt_internal_test