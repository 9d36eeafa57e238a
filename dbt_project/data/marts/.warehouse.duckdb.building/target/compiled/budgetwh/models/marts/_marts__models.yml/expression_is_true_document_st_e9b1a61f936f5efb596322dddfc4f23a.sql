select *
from "warehouse"."main"."document_status"
where not coalesce(((status = 'failed') = (error_kind is not null)), false)
