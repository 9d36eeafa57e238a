{#- Keys shared by every fact built from line items, defined once so they cannot drift. -#}

{% macro line_item_key(alias) -%}
    md5({{ alias }}.table_id || ':' || {{ alias }}.row_index || ':' || {{ alias }}.column_index)
{%- endmacro %}

{#- A project's key: a 项目支出表 row (project_line_key) or a 绩效目标表 project that no
    项目支出表 row links to (target_project_key). -#}
{% macro project_line_key(document_id, table_id, line_seq) -%}
    md5(concat_ws('|', {{ document_id }}, {{ table_id }}, {{ line_seq }}))
{%- endmacro %}

{% macro target_project_key(document_id, table_id, project_seq) -%}
    md5(concat_ws('|', {{ document_id }}, {{ table_id }}, {{ project_seq }}))
{%- endmacro %}

{#- A subject row's key into dim_subject; totals and rows without a code go to the unknown
    member, so facts never lose rows on a failed lookup. -#}
{% macro line_item_subject_key(alias, system) -%}
    case
        when {{ alias }}.is_total or {{ alias }}.subject_code is null then 'unknown'
        else '{{ system }}:' || {{ alias }}.subject_code
    end
{%- endmacro %}

{#- What the reconciliation says of an amount (int_reconciliation__verification, joined as
    `verification` on the fact's key): confirmed, contradicted, unreadable, doubtful, or
    unchecked when no identity reads it and no doubt touches it. -#}
{% macro verification(alias='verification') -%}
    coalesce({{ alias }}.verification, 'unchecked')
{%- endmacro %}

{#- Every verification status, quoted for SQL: the home of the list (doc verification). -#}
{% macro verification_statuses() -%}
    {{ return(["'confirmed'", "'contradicted'", "'unreadable'", "'doubtful'", "'unchecked'"]) }}
{%- endmacro %}

{#- The verification of a row built from several amounts: contradicted if any is, else
    unreadable if one is printed in a form that is not an amount, else doubtful if one was
    read by OCR with low confidence and not confirmed, confirmed if every one is, else
    unchecked. An aggregate over the amounts' verification column. -#}
{% macro row_verification(column) -%}
    case
        when bool_or({{ column }} = 'contradicted') then 'contradicted'
        when bool_or({{ column }} = 'unreadable') then 'unreadable'
        when bool_or({{ column }} = 'doubtful') then 'doubtful'
        when bool_and({{ column }} = 'confirmed') then 'confirmed'
        else 'unchecked'
    end
{%- endmacro %}
