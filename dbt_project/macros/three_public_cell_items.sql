{#- The “三公”经费 item of each amount cell of a 三公 table, read with the item rows of the seed
    three_public_items. Defined once so that the facts (int_three_public__amounts) and the
    reconciliation (int_reconciliation__three_public_amounts) can never read a label
    differently.

    cells: a relation or CTE with table_id, row_index, column_index, item_name (the cleaned
    row label) and column_path (header segments joined by '/'); patterns: the seed.

    A row label that names an item wins (templates that print the items as rows); among
    several matching patterns the lowest priority wins (公务用车购置及运行费 before its parts,
    合计 last). Otherwise the header path names the item (templates that print the items as
    columns): a segment naming a specific item before a total segment (合计 under an item is
    that item's fund or period total, not the 三公 total), then the deepest segment (购置费
    under 公务用车购置及运行费), then priority.

    One row per recognised cell: table_id, row_index, column_index, item and
    is_item_from_header (the item was read from the header path, not the row label). -#}
{% macro three_public_cell_items(cells, patterns) -%}
    select
        table_id,
        row_index,
        column_index,
        item,
        is_item_from_header
    from (
        select
            cell.table_id,
            cell.row_index,
            cell.column_index,
            pattern.key as item,
            false as is_item_from_header,
            0 as depth,
            pattern.priority
        from {{ cells }} as cell
        inner join {{ patterns }} as pattern
            on pattern.kind = 'item'
            and regexp_matches(cell.item_name, pattern.label_pattern)

        union all

        select
            cell.table_id,
            cell.row_index,
            cell.column_index,
            pattern.key as item,
            true as is_item_from_header,
            position.depth,
            pattern.priority
        from {{ cells }} as cell
        cross join
            unnest(range(1, len(string_split(cell.column_path, '/')) + 1)) as position(depth)
        inner join {{ patterns }} as pattern
            on pattern.kind = 'item'
            and regexp_matches(
                string_split(cell.column_path, '/')[position.depth], pattern.label_pattern
            )
    ) as matches
    qualify row_number() over (
        partition by table_id, row_index, column_index
        order by is_item_from_header, item = 'total', depth desc, priority
    ) = 1
{%- endmacro %}
