{#- A table figure rounded half-up to the decimals a statement prints.

    DuckDB's round needs a constant precision, hence one branch per number of decimals (a
    statement in 万元 prints at most four: one in 元 is four decimals of 万元). -#}
{% macro round_to_decimals(amount, decimals) -%}
    case least(greatest(coalesce({{ decimals }}, 0), 0), 6)
        when 0 then round({{ amount }}, 0)
        when 1 then round({{ amount }}, 1)
        when 2 then round({{ amount }}, 2)
        when 3 then round({{ amount }}, 3)
        when 4 then round({{ amount }}, 4)
        when 5 then round({{ amount }}, 5)
        else round({{ amount }}, 6)
    end
{%- endmacro %}

{#- Whether a stated amount says what the table prints, to the precision it is stated in.

    Equal figures agree. A statement of two or more decimals of 万元 agrees with a table
    figure that, rounded to those decimals, is the stated figure: a table in 元 prints
    31,214,205.80 元 where the text can only say 3,121.42 万元. A statement of fewer decimals
    (5.8 for 5.82) does not agree: it is a rounding finding (rounded_statement_severity). -#}
{% macro stated_amount_agrees(expected, printed, decimals) -%}
    (
        {{ expected }} = {{ printed }}
        or (
            coalesce({{ decimals }}, 0) >= 2
            and {{ round_to_decimals(expected, decimals) }} = {{ printed }}
        )
    )
{%- endmacro %}

{#- The severity of a stated amount that is the table figure rounded to the stated decimals.

    A text often states an amount with fewer decimals than the tables print ("5.8万元" for
    5.82). That is still a difference and fails, but when the table figure rounded half-up to
    the decimals the text prints equals the stated figure it is a minor finding; otherwise
    null, and fct_reconciliation grades the difference by its size. -#}
{% macro rounded_statement_severity(expected, printed, decimals) -%}
    case
        when {{ expected }} <> {{ printed }}
            and {{ round_to_decimals(expected, decimals) }} = {{ printed }}
            then 'minor'
    end
{%- endmacro %}
