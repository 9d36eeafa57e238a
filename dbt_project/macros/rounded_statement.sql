{#- The severity of a stated amount that is the table figure rounded to the stated decimals.

    A text often states an amount with fewer decimals than the tables print ("5.8万元" for
    5.82). That is still a difference and fails, but when the table figure rounded half-up to
    the decimals the text prints equals the stated figure it is a minor finding; otherwise
    null, and fct_reconciliation grades the difference by its size. (DuckDB's round needs a
    constant precision, hence one branch per number of decimals; tables print at most two.) -#}
{% macro rounded_statement_severity(expected, printed, printed_text) -%}
    case
        when {{ expected }} <> {{ printed }}
            and case coalesce(length(regexp_extract({{ printed_text }}, '\.(\d+)$', 1)), 0)
                when 0 then round({{ expected }}, 0)
                when 1 then round({{ expected }}, 1)
                else round({{ expected }}, 2)
            end = {{ printed }}
            then 'minor'
    end
{%- endmacro %}
