{#
    Generic data tests beyond dbt's built-ins. dbt packages (dbt_utils) are not installed:
    the project runs offline, so the two tests it needs are written here.
#}

{% test expression_is_true(model, expression, where_clause=none) %}
{#- Fails on every row for which the boolean `expression` is not true. -#}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{%- if where_clause %}
    and ({{ where_clause }})
{%- endif %}
{% endtest %}


{% test unique_combination_of_columns(model, combination_of_columns) %}
{#- Fails on every combination of the listed columns that occurs more than once. -#}
select
    {{ combination_of_columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}


{% test verification_status(model, column_name) %}
{#- The verification column of a fact or report: one of the statuses the reconciliation gives
    an amount (doc verification). -#}
select *
from {{ model }}
where {{ column_name }} is null
    or {{ column_name }} not in ({{ verification_statuses() | join(', ') }})
{% endtest %}
