{#- Keys shared by every fact built from line items, defined once so they cannot drift. -#}

{% macro line_item_key(alias) -%}
    md5({{ alias }}.table_id || ':' || {{ alias }}.row_index || ':' || {{ alias }}.column_index)
{%- endmacro %}

{#- A subject row's key into dim_subject; totals and rows without a code go to the unknown
    member, so facts never lose rows on a failed lookup. -#}
{% macro line_item_subject_key(alias, system) -%}
    case
        when {{ alias }}.is_total or {{ alias }}.subject_code is null then 'unknown'
        else '{{ system }}:' || {{ alias }}.subject_code
    end
{%- endmacro %}
