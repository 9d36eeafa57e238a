"""Every list a model aggregates is in a fixed order (``order by`` in the aggregate, or
``list_sort`` of it: the cheaper where the list is sorted by its own elements).

DuckDB aggregates a large table in parallel, so ``list(x)`` without ``order by`` gives its
elements in whatever order the threads finish: an incremental build and ``--full`` then
publish different rows for the same documents (``benchmarks/scale.py`` compares them at a
thousand documents; a few documents are too small to aggregate in parallel, so only this
reading of the SQL catches it in the suite).
"""

from __future__ import annotations

import re
from pathlib import Path

MODELS = Path(__file__).resolve().parents[2] / "dbt_project" / "models"
# Aggregates whose result depends on the order rows arrive in (list_* functions are not
# aggregates: they work on one list).
ORDERED_AGGREGATE = re.compile(r"(?<![\w.])(list|array_agg|string_agg|group_concat)\s*\(", re.I)


def call_text(sql: str, open_paren: int) -> str:
    """The text between the parenthesis at ``open_paren`` and the one that closes it."""
    depth = 0
    for index in range(open_paren, len(sql)):
        if sql[index] == "(":
            depth += 1
        elif sql[index] == ")":
            depth -= 1
            if depth == 0:
                return sql[open_paren + 1:index]
    raise ValueError("unbalanced parentheses")


def unordered_aggregates(sql: str) -> list[str]:
    """The order-dependent aggregate calls of ``sql`` that name no order (comments skipped)."""
    sql = re.sub(r"--[^\n]*|\{#.*?#\}", " ", sql, flags=re.S)
    found = []
    for match in ORDERED_AGGREGATE.finditer(sql):
        arguments = call_text(sql, match.end() - 1)
        sorted_after = sql[:match.start()].rstrip().lower().endswith("list_sort(")
        if not sorted_after and not re.search(r"\border\s+by\b", arguments, re.I):
            found.append(f"{match.group(1)}({' '.join(arguments.split())})")
    return found


def test_the_reading_finds_an_unordered_list():
    assert unordered_aggregates("select list(cell_key) || [x] from t") == ["list(cell_key)"]
    assert unordered_aggregates("select list(f(a, b) order by a) from t") == []
    assert unordered_aggregates("select list_sort(list(k) filter (where k > 0)) from t") == []
    assert unordered_aggregates("select list_filter(keys, lambda k: k > 0) from t") == []
    assert unordered_aggregates("-- an enumerated list (of parts)\nselect 1") == []
    assert unordered_aggregates("select string_agg(name, '; ') from t") == [
        "string_agg(name, '; ')"
    ]


def test_every_aggregated_list_of_a_model_is_ordered():
    unordered = {
        str(path.relative_to(MODELS)): found
        for path in sorted(MODELS.rglob("*.sql"))
        if (found := unordered_aggregates(path.read_text("utf-8")))
    }
    assert unordered == {}
