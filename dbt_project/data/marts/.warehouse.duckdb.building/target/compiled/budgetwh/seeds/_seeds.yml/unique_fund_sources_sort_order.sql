
    
    

select
    sort_order as unique_field,
    count(*) as n_records

from "warehouse"."main"."fund_sources"
where sort_order is not null
group by sort_order
having count(*) > 1


